{#- Messages without a contact_id (messaging, social) grouped into conversations per
    customer and channel. A customer message more than var session_gap_minutes after
    the previous message of the same customer and channel starts a new conversation
    (exactly the gap does not). System messages are ignored. One row per message,
    with its conversation_id (the id of the conversation's first message). -#}
{%- set gap_seconds = var('session_gap_minutes') * 60 -%}

with

messages as (

    {{ union_staged_messages(where="contact_id is null and sender_type <> 'system'") }}

),

handles as (

    select * from {{ ref('int_customer_identifiers_mapped') }}
    where identifier_type = 'handle'

),

identified as (

    select
        messages.source_system,
        messages.message_id,
        messages.channel,
        messages.sender_type,
        messages.agent_id,
        messages.sent_at,
        messages.text_length,
        coalesce(messages.queue, 'unassigned') as queue,
        coalesce(messages.customer_id, handles.customer_id) as customer_id,
        case
            when coalesce(messages.customer_id, handles.customer_id) is not null
                then {{ customer_key('messages.source_system', 'coalesce(messages.customer_id, handles.customer_id)') }}
            else {{ anonymous_customer_key('messages.source_system', 'messages.customer_handle_hash') }}
        end as customer_key
    from messages
    left join handles
        on
            messages.source_system = handles.source_system
            and messages.customer_handle_hash = handles.identifier_hash

),

gaps as (

    select
        *,
        lag(sent_at) over (
            partition by source_system, customer_key, channel, queue
            order by sent_at, message_id
        ) as previous_sent_at
    from identified

),

starts as (

    select
        *,
        case
            when previous_sent_at is null then 1
            when sender_type = 'customer' and {{ elapsed_seconds('previous_sent_at', 'sent_at') }} > {{ gap_seconds }} then 1
            else 0
        end as starts_conversation
    from gaps

),

numbered as (

    select
        *,
        sum(starts_conversation) over (
            partition by source_system, customer_key, channel, queue
            order by sent_at, message_id
            rows between unbounded preceding and current row
        ) as conversation_number
    from starts

),

final as (

    select
        source_system,
        message_id,
        first_value(message_id) over (
            partition by source_system, customer_key, channel, queue, conversation_number
            order by sent_at, message_id
        ) as conversation_id,
        customer_id,
        customer_key,
        channel,
        queue,
        sender_type,
        agent_id,
        sent_at,
        text_length,
        starts_conversation = 1 as starts_conversation
    from numbered

)

select * from final

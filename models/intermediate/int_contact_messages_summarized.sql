{#- Messages that carry a contact_id (chats, emails), summarized per contact: the
    first agent (not bot) reply, message counts by sender and the number of turns
    (runs of consecutive messages from the same side; system messages ignored). -#}
with

messages as (

    select * from {{ ref('stg_crm_export__messages') }}
    where contact_id is not null and sender_type <> 'system'

),

sides as (

    select
        *,
        lag(sender_type) over (
            partition by source_system, contact_id
            order by sent_at, message_id
        ) as previous_sender_type
    from messages

),

final as (

    select
        source_system,
        contact_id,
        min(case when sender_type = 'agent' then sent_at end) as first_agent_message_at,
        min(case when sender_type = 'customer' then sent_at end) as first_customer_message_at,
        count(*) as message_count,
        {{ count_if("sender_type = 'customer'") }} as customer_message_count,
        {{ count_if("sender_type = 'agent'") }} as agent_message_count,
        {{ count_if("sender_type = 'bot'") }} as bot_message_count,
        {{ count_if('previous_sender_type is null or previous_sender_type <> sender_type') }} as turn_count
    from sides
    group by source_system, contact_id

)

select * from final

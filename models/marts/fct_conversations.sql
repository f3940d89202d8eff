{#- One row per sessionized conversation (messaging threads without a contact id),
    with its outcome and first response. Its contact row in fct_contacts has
    contact_id 'conversation:<conversation_id>'. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

conversations as (

    select * from {{ ref('int_conversations_summarized') }}

),

contacts as (

    select * from {{ ref('fct_contacts') }}
    where contact_origin = 'conversation'

),

final as (

    select
        contacts.contact_key,
        conversations.source_system,
        conversations.conversation_id,
        conversations.channel,
        conversations.queue,
        contacts.customer_key,
        contacts.agent_key,
        contacts.contact_date,
        conversations.created_at,
        conversations.answered_at,
        conversations.ended_at,
        contacts.outcome,
        contacts.first_response_seconds,
        conversations.message_count,
        conversations.customer_message_count,
        conversations.agent_message_count,
        conversations.bot_message_count,
        {{ elapsed_seconds('conversations.created_at', 'conversations.ended_at') }} as duration_seconds
    from conversations
    inner join contacts
        on
            conversations.source_system = contacts.source_system
            and 'conversation:' || conversations.conversation_id = contacts.contact_id

)

select * from final

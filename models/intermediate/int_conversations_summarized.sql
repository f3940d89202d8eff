{#- One row per sessionized conversation, shaped as a contact: created_at = first
    customer message; queued (offered) then too; answered_at = first agent message
    after it (bots do not answer); ended_at = last message; the agent is the first
    replying agent. A conversation without a customer message is outbound. -#}
with

messages as (

    select * from {{ ref('int_messages_sessionized') }}

),

firsts as (

    select
        source_system,
        conversation_id,
        min(case when sender_type = 'customer' then sent_at end) as first_customer_message_at,
        min(sent_at) as first_message_at,
        max(sent_at) as last_message_at,
        count(*) as message_count,
        {{ count_if("sender_type = 'customer'") }} as customer_message_count,
        {{ count_if("sender_type = 'agent'") }} as agent_message_count,
        {{ count_if("sender_type = 'bot'") }} as bot_message_count
    from messages
    group by source_system, conversation_id

),

first_agent_replies as (

    select
        messages.source_system,
        messages.conversation_id,
        messages.sent_at as answered_at,
        messages.agent_id,
        row_number() over (
            partition by messages.source_system, messages.conversation_id
            order by messages.sent_at, messages.message_id
        ) as reply_number
    from messages
    inner join firsts
        on
            messages.source_system = firsts.source_system
            and messages.conversation_id = firsts.conversation_id
    where
        messages.sender_type = 'agent'
        and messages.sent_at >= firsts.first_customer_message_at

),

conversation_starts as (

    select * from messages
    where message_id = conversation_id

),

final as (

    select
        firsts.source_system,
        firsts.conversation_id,
        conversation_starts.channel,
        conversation_starts.queue,
        conversation_starts.customer_id,
        conversation_starts.customer_key,
        case when firsts.first_customer_message_at is null then 'outbound' else 'inbound' end as direction,
        coalesce(firsts.first_customer_message_at, firsts.first_message_at) as created_at,
        firsts.first_customer_message_at as queued_at,
        first_agent_replies.answered_at,
        firsts.last_message_at as ended_at,
        first_agent_replies.agent_id,
        firsts.message_count,
        firsts.customer_message_count,
        firsts.agent_message_count,
        firsts.bot_message_count
    from firsts
    inner join conversation_starts
        on
            firsts.source_system = conversation_starts.source_system
            and firsts.conversation_id = conversation_starts.conversation_id
    left join first_agent_replies
        on
            firsts.source_system = first_agent_replies.source_system
            and firsts.conversation_id = first_agent_replies.conversation_id
            and first_agent_replies.reply_number = 1

)

select * from final

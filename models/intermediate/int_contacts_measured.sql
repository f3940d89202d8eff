{#- The KPI building blocks of every contact (leg), as defined in docs/kpis.md:
    outcome, wait, service level, handle time, first response, ticket resolution,
    agent-reported resolution, and the contact's local date and interval. -#}
{%- set tz = var('reporting_timezone') -%}
{%- set short_abandon = var('short_abandon_seconds') -%}

with

contacts as (

    select * from {{ ref('int_contacts_identified') }}

),

targets as (

    select * from {{ ref('service_level_targets') }}

),

dispositions as (

    select * from {{ ref('dispositions') }}

),

contact_messages as (

    select * from {{ ref('int_contact_messages_summarized') }}

),

conversations as (

    select * from {{ ref('int_conversations_summarized') }}

),

tickets as (

    select * from {{ ref('int_tickets_summarized') }}

),

horizons as (

    select
        source_system,
        max(created_at) as data_horizon_at
    from {{ ref('int_contacts_identified') }}
    group by source_system

),

-- the message counts of contacts (chats, emails) and of conversations (messaging),
-- keyed as the contacts are: one table, so every contact needs one join for them
message_summaries as (

    select
        source_system,
        'contact' as contact_origin,
        contact_id,
        first_agent_message_at,
        message_count,
        agent_message_count,
        customer_message_count,
        bot_message_count,
        turn_count
    from contact_messages

    union all

    select
        source_system,
        'conversation' as contact_origin,
        'conversation:' || conversation_id as contact_id,
        answered_at as first_agent_message_at,
        message_count,
        agent_message_count,
        customer_message_count,
        bot_message_count,
        cast(null as bigint) as turn_count
    from conversations

),

with_messages as (

    select
        contacts.*,
        message_summaries.first_agent_message_at,
        coalesce(message_summaries.message_count, 0) as message_count,
        coalesce(message_summaries.agent_message_count, 0) as agent_message_count,
        coalesce(message_summaries.customer_message_count, 0) as customer_message_count,
        coalesce(message_summaries.bot_message_count, 0) as bot_message_count,
        message_summaries.turn_count
    from contacts
    left join message_summaries
        on
            contacts.source_system = message_summaries.source_system
            and contacts.contact_origin = message_summaries.contact_origin
            and contacts.contact_id = message_summaries.contact_id

),

joined as (

    select
        with_messages.*,
        targets.is_realtime,
        cast(targets.threshold_seconds as bigint) as service_level_threshold_seconds,
        dispositions.is_resolving as is_resolving_disposition,
        horizons.data_horizon_at,
        tickets.first_solved_at,
        coalesce(with_messages.reported_resolved_at, tickets.resolved_at) as resolved_at,
        tickets.solved_count,
        coalesce(with_messages.reported_reopen_count, tickets.reopen_count) as reopen_count,
        tickets.pending_seconds
    from with_messages
    left join targets
        on with_messages.channel = targets.channel
    left join dispositions
        on {{ regex_replace_all('lower(with_messages.disposition)', "'[ _\-]+'", "' '") }} = dispositions.disposition
    left join horizons
        on with_messages.source_system = horizons.source_system
    left join tickets
        on with_messages.contact_key = tickets.contact_key

),

flagged as (

    select
        *,
        direction = 'inbound' as is_inbound,
        coalesce(source_outcome = 'phantom', false) as is_phantom,
        direction = 'inbound' and queued_at is not null and coalesce(source_outcome <> 'phantom', true) as is_offered,
        direction = 'inbound' and queued_at is not null and coalesce(source_outcome <> 'phantom', true)
        and (answered_at is not null or coalesce(source_outcome = 'answered', false)) as is_answered,
        direction = 'inbound' and queued_at is null and coalesce(source_outcome <> 'phantom', true) as is_self_served,
        answered_at is not null or coalesce(source_outcome = 'answered', false) as is_connected,
        case
            when direction <> 'inbound' or queued_at is null or service_level_threshold_seconds is null then null
            when reported_wait_seconds is not null then reported_wait_seconds
            when answered_at is not null then {{ elapsed_seconds('queued_at', 'answered_at') }}
            when ended_at is not null then {{ elapsed_seconds('queued_at', 'ended_at') }}
        end as wait_seconds
    from joined

),

classified as (

    select
        *,
        is_offered and not is_answered and is_realtime
        and coalesce(wait_seconds < {{ short_abandon }}, false) as is_short_abandoned,
        is_offered and not is_answered and is_realtime
        and not coalesce(wait_seconds < {{ short_abandon }}, false) as is_abandoned,
        is_offered and not is_answered and not is_realtime as is_unanswered,
        is_answered and wait_seconds <= service_level_threshold_seconds as is_within_service_level,
        -- handle time applies to real-time contacts an agent connected to, inbound or outbound
        is_realtime and is_connected and not is_phantom
        and (reported_talk_seconds is not null or (answered_at is not null and ended_at is not null))
            as has_handle_time
    from flagged

),

measured as (

    select
        *,
        case
            when not is_inbound then 'outbound'
            when is_phantom then 'phantom'
            when is_self_served then 'self_served'
            when is_answered then 'answered'
            when is_short_abandoned then 'short_abandoned'
            when is_abandoned then 'abandoned'
            else 'unanswered'
        end as outcome,
        is_offered and not is_short_abandoned and service_level_threshold_seconds is not null
        and (
            is_realtime
            or is_answered
            or {{ add_seconds('queued_at', 'service_level_threshold_seconds') }} <= data_horizon_at
        ) as is_service_level_eligible,
        case
            when has_handle_time and reported_talk_seconds is not null then reported_talk_seconds + hold_seconds
            when has_handle_time then {{ elapsed_seconds('answered_at', 'ended_at') }}
        end as connected_seconds,
        case when has_handle_time then hold_seconds end as handle_hold_seconds,
        case
            when has_handle_time and wrap_ended_at is not null and ended_at is not null
                then {{ elapsed_seconds('ended_at', 'wrap_ended_at') }}
            when has_handle_time then 0
        end as wrap_seconds,
        case
            when first_agent_message_at is not null and first_agent_message_at >= created_at
                then first_agent_message_at
            when message_count = 0 then answered_at
        end as first_response_at
    from classified

),

final as (

    select
        contact_key,
        source_system,
        contact_id,
        contact_origin,
        channel,
        direction,
        queue,
        customer_id,
        customer_key,
        agent_id,
        agent_key,
        transferred_from_contact_key,
        created_at,
        queued_at,
        answered_at,
        ended_at,
        wrap_ended_at,
        {{ local_date('created_at', tz) }} as contact_date,
        {{ utc_interval_start('created_at', tz, var('interval_minutes')) }} as interval_start,
        {{ local_interval_start('created_at', tz, var('interval_minutes')) }} as interval_start_local,
        coalesce(is_realtime, false) as is_realtime,
        service_level_threshold_seconds,
        data_horizon_at,
        outcome,
        is_inbound,
        is_phantom,
        is_offered,
        is_answered,
        is_abandoned,
        is_short_abandoned,
        is_unanswered,
        is_self_served,
        is_connected,
        coalesce(is_within_service_level, false) as is_within_service_level,
        is_service_level_eligible,
        wait_seconds,
        has_handle_time,
        connected_seconds,
        handle_hold_seconds as hold_seconds,
        connected_seconds - handle_hold_seconds as talk_seconds,
        wrap_seconds,
        connected_seconds + wrap_seconds as handle_seconds,
        first_response_at,
        {{ elapsed_seconds('created_at', 'first_response_at') }} as first_response_seconds,
        message_count,
        customer_message_count,
        agent_message_count,
        bot_message_count,
        turn_count,
        first_solved_at,
        resolved_at,
        solved_count,
        reopen_count,
        {{ elapsed_seconds('created_at', 'first_solved_at') }} as first_resolution_seconds,
        {{ elapsed_seconds('created_at', 'resolved_at') }} as resolution_seconds,
        {{ elapsed_seconds('created_at', 'resolved_at') }} - pending_seconds as resolution_excluding_pending_seconds,
        case
            when resolved_at is null then null
            when message_count > 0 then agent_message_count = 1 and coalesce(solved_count, 0) >= 1
            when handoff_count is not null then handoff_count = 0 and coalesce(reopen_count, 0) = 0
            else false
        end as is_one_touch,
        is_sla_met,
        handoff_count,
        disposition,
        resolved_on_contact,
        contact_subtype,
        priority,
        data_quality_flag,
        case
            when is_answered then coalesce(resolved_on_contact, false) or coalesce(is_resolving_disposition, false)
        end as is_fcr_agent
    from measured

)

select * from final

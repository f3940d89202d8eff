{#- Daily KPIs per agent and channel. Every transfer leg counts for its own agent
    with its own handle time; outbound contacts count in handle time. Answered
    contacts without an agent appear under agent_key '<source_system>:unknown'.
    The agent-day columns (logged_in_seconds, occupancy, ...) describe the agent's
    whole day and repeat on each of the agent's channel rows: re-aggregate them from
    fct_agent_days, not by summing across channels. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

legs as (

    select
        *,
        case when channel = 'chat' and is_answered then connected_seconds end as chat_duration_seconds
    from {{ ref('fct_contacts') }}
    where agent_key is not null

),

agent_days as (

    select * from {{ ref('fct_agent_days') }}

),

sums as (

    select
        contact_date,
        source_system,
        agent_key,
        channel,
        bool_or(is_realtime) as is_realtime,
        {{ count_if('is_connected') }} as handled_contact_count,
        {{ count_if('not is_inbound and is_connected') }} as outbound_handled_count,
        {{ contact_kpi_sums(handled='has_handle_time') }}
    from legs
    group by contact_date, source_system, agent_key, channel

),

final as (

    select
        sums.*,
        {{ contact_kpi_rates() }},
        coalesce(agent_days.logged_in_seconds, 0) as logged_in_seconds,
        coalesce(agent_days.handling_seconds, 0) as handling_seconds,
        coalesce(agent_days.available_seconds, 0) as available_seconds,
        coalesce(agent_days.solved_count, 0) as tickets_solved_count,
        {{ ratio('agent_days.handling_seconds', 'agent_days.handling_seconds + agent_days.available_seconds') }}
            as occupancy,
        {{ ratio('sums.handled_contact_count * 3600', 'agent_days.logged_in_seconds') }} as contacts_per_logged_in_hour,
        {{ ratio('agent_days.solved_count * 3600', 'agent_days.logged_in_seconds') }} as solved_per_logged_in_hour,
        case when sums.channel = 'chat' then {{ ratio('agent_days.chat_seconds', 'agent_days.chat_covered_seconds') }} end
            as avg_chat_concurrency
    from sums
    left join agent_days
        on
            sums.source_system = agent_days.source_system
            and sums.agent_key = agent_days.agent_key
            and sums.contact_date = agent_days.activity_date

)

select * from final

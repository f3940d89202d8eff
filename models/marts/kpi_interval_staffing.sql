{#- Staffing per local interval and source system: the agents the interval's
    contacts needed (Erlang C per channel and queue in kpi_interval, added up: each
    queue staffed on its own) against the agents the agent-state log shows
    available or handling, and the gap. -#}
with

intervals as (

    select * from {{ ref('kpi_interval') }}

),

agent_intervals as (

    select * from {{ ref('int_agent_intervals_summarized') }}

),

needed as (

    select
        interval_start,
        source_system,
        min(interval_start_local) as interval_start_local,
        min(contact_date) as contact_date,
        {{ sum_count('offered_count') }} as offered_count,
        {{ count_if('traffic_erlangs is not null') }} as staffed_queue_count,
        {{ count_if('is_realtime and traffic_erlangs is null') }} as unstaffed_queue_count,
        sum(traffic_erlangs) as traffic_erlangs,
        sum(required_agents) as required_agents,
        sum(required_agents_with_shrinkage) as required_agents_with_shrinkage
    from intervals
    group by interval_start, source_system

),

state_sources as (

    {#- a source with an agent-state log had no agent logged in where it shows none -#}
    select distinct source_system
    from agent_intervals

),

joined as (

    select
        coalesce(needed.interval_start, agent_intervals.interval_start) as interval_start,
        coalesce(needed.source_system, agent_intervals.source_system) as source_system,
        coalesce(needed.interval_start_local, agent_intervals.interval_start_local) as interval_start_local,
        coalesce(needed.contact_date, agent_intervals.activity_date) as contact_date,
        coalesce(needed.offered_count, 0) as offered_count,
        coalesce(needed.staffed_queue_count, 0) as staffed_queue_count,
        coalesce(needed.unstaffed_queue_count, 0) as unstaffed_queue_count,
        coalesce(needed.traffic_erlangs, 0) as traffic_erlangs,
        cast(coalesce(needed.required_agents, 0) as integer) as required_agents,
        cast(coalesce(needed.required_agents_with_shrinkage, 0) as integer) as required_agents_with_shrinkage,
        state_sources.source_system is not null as has_agent_states,
        case when state_sources.source_system is not null
                then coalesce(agent_intervals.agents_seen_count, 0)
        end as agents_seen_count,
        case when state_sources.source_system is not null
                then coalesce(agent_intervals.logged_in_agents, 0)
        end as logged_in_agents,
        case when state_sources.source_system is not null
                then coalesce(agent_intervals.productive_agents, 0)
        end as productive_agents
    from needed
    full outer join agent_intervals
        on
            needed.interval_start = agent_intervals.interval_start
            and needed.source_system = agent_intervals.source_system
    left join state_sources
        on coalesce(needed.source_system, agent_intervals.source_system) = state_sources.source_system

),

final as (

    select
        *,
        productive_agents - required_agents as staffing_gap_agents,
        case
            when not has_agent_states then 'no agent-state log'
            when productive_agents < required_agents then 'understaffed'
            when productive_agents >= required_agents + 1 then 'overstaffed'
            else 'staffed'
        end as staffing_status
    from joined

)

select * from final

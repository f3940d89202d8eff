{#- Agent time per local interval (var interval_minutes) and source system: the
    logged-in and productive (available or handling) seconds of every agent state
    piece, cut at interval boundaries, and the average agents that makes over the
    interval. Intervals are found on the same UTC grid as kpi_interval's
    (interval_minutes divides an hour, so daylight-saving shifts keep the grid). -#}
{%- set tz = var('reporting_timezone') -%}
{%- set interval_seconds = var('interval_minutes') * 60 -%}

with

states as (

    select * from {{ ref('int_agent_states_split') }}
    where state_category <> 'offline'

),

anchored as (

    select
        source_system,
        agent_key,
        state_category,
        started_at,
        ended_at,
        {{ utc_interval_start('started_at', tz, var('interval_minutes')) }} as first_interval_start
    from states
    where ended_at > started_at

),

pieces as (

    select
        anchored.source_system,
        anchored.agent_key,
        anchored.state_category,
        anchored.started_at,
        anchored.ended_at,
        {{ add_seconds('anchored.first_interval_start', 'steps.step * ' ~ interval_seconds) }} as interval_start
    from anchored
    cross join {{ integer_series(
        '0',
        'ceil(' ~ elapsed_seconds('anchored.first_interval_start', 'anchored.ended_at') ~ ' / ' ~ interval_seconds ~ ') - 1',
        'steps', 'step') }}

),

overlapped as (

    select
        source_system,
        agent_key,
        state_category,
        interval_start,
        {{ elapsed_seconds(
            'greatest(started_at, interval_start)',
            'least(ended_at, ' ~ add_seconds('interval_start', interval_seconds) ~ ')') }} as overlap_seconds
    from pieces

),

final as (

    select
        interval_start,
        source_system,
        {{ utc_to_local('interval_start', tz) }} as interval_start_local,
        {{ local_date('interval_start', tz) }} as activity_date,
        count(distinct agent_key) as agents_seen_count,
        sum(overlap_seconds) as logged_in_seconds,
        sum(case when state_category in ('available', 'handling') then overlap_seconds else 0 end)
            as productive_seconds,
        sum(case when state_category = 'handling' then overlap_seconds else 0 end) as handling_seconds,
        sum(overlap_seconds) / {{ interval_seconds }}.0 as logged_in_agents,
        sum(case when state_category in ('available', 'handling') then overlap_seconds else 0 end)
        / {{ interval_seconds }}.0 as productive_agents
    from overlapped
    group by interval_start, source_system

)

select * from final

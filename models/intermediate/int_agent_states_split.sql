{#- The agent-state log cut at local midnight (var reporting_timezone), one row per
    agent, state and local day, with the seconds spent in it. A state without an end
    lasts until the agent's next state, or until the source system's latest
    timestamp when it is the last. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='activity_date',
    on_schema_change='fail',
) }}
{%- set tz = var('reporting_timezone') -%}

with

states as (

    select * from {{ ref('stg_crm_export__agent_states') }}

),

horizons as (

    select
        source_system,
        max(coalesce(ended_at, started_at)) as horizon_at
    from states
    group by source_system

),

bounded as (

    select
        states.source_system,
        states.source_system || ':' || states.agent_id as agent_key,
        states.state,
        states.state_category,
        states.started_at,
        coalesce(
            states.ended_at,
            lead(states.started_at) over (
                partition by states.source_system, states.agent_id
                order by states.started_at
            ),
            horizons.horizon_at
        ) as ended_at
    from states
    inner join horizons
        on states.source_system = horizons.source_system

),

days as (

    select
        cast(series.day_start as date) as local_day,
        {{ local_to_utc('series.day_start', tz) }} as day_starts_at,
        {{ local_to_utc("series.day_start + interval '1 day'", tz) }} as day_ends_at
    from (
        select
            {{ local_date('min(started_at)', tz) }} as first_day,
            {{ local_date('max(ended_at)', tz) }} as last_day
        from bounded
    ) as bounds
    cross join {{ date_series('bounds.first_day', 'bounds.last_day') }}

),

final as (

    select
        bounded.source_system,
        bounded.agent_key,
        days.local_day as activity_date,
        bounded.state,
        bounded.state_category,
        greatest(bounded.started_at, days.day_starts_at) as started_at,
        least(bounded.ended_at, days.day_ends_at) as ended_at,
        {{ elapsed_seconds('greatest(bounded.started_at, days.day_starts_at)', 'least(bounded.ended_at, days.day_ends_at)') }}
            as state_seconds
    from bounded
    inner join days
        on
            bounded.started_at < days.day_ends_at
            and bounded.ended_at > days.day_starts_at

)

select * from final

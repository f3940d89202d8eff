{#- Contact KPIs per local interval (var interval_minutes, aligned to local
    midnight), source system, channel and queue. interval_start is the UTC instant
    the local interval starts, so the repeated hour of a DST fall-back gives two
    intervals; interval_start_local is the wall time for display.

    Staffing (Erlang C, real-time channels with a handle time): the traffic the
    interval's offered contacts bring, the fewest agents that reach the channel's
    service-level target (seed service_level_targets; var max_occupancy caps the
    occupancy when set) and the service level, probability of waiting, ASA and
    occupancy predicted at that staffing. Erlang B comes from its recursion
    1/B(n) = 1 + (n / A) / B(n - 1), unrolled into running sums of logarithms over
    a bounded series of agent counts, so it neither overflows nor needs a
    recursive query. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
{%- set interval_seconds = var('interval_minutes') * 60 -%}
{%- set max_occupancy = var('max_occupancy') -%}
{%- set keys = ['interval_start', 'source_system', 'channel', 'queue'] -%}

with

journeys as (

    select * from {{ ref('int_journeys_rolled_up') }}
    where is_inbound

),

service_level_targets as (

    select * from {{ ref('service_level_targets') }}

),

sums as (

    select
        interval_start,
        source_system,
        channel,
        queue,
        min(interval_start_local) as interval_start_local,
        min(contact_date) as contact_date,
        bool_or(is_realtime) as is_realtime,
        {{ contact_kpi_sums() }}
    from journeys
    group by interval_start, source_system, channel, queue

),

rated as (

    select
        *,
        {{ contact_kpi_rates() }}
    from sums

),

traffic as (

    {#- traffic in Erlangs: offered contacts times AHT over the interval, divided by
        the contacts an agent handles at once -#}
    select
        rated.*,
        targets.threshold_seconds as staffing_threshold_seconds,
        targets.target_share as staffing_target_share,
        targets.agent_concurrency,
        case
            when rated.is_realtime and targets.threshold_seconds is not null and rated.aht_seconds > 0
                then rated.offered_count * rated.aht_seconds / {{ interval_seconds }}.0 / targets.agent_concurrency
            when rated.is_realtime and targets.threshold_seconds is not null and rated.offered_count = 0
                then 0.0
        end as traffic_erlangs
    from rated
    left join service_level_targets as targets
        on rated.channel = targets.channel

),

candidates as (

    {#- candidate agent counts 1 .. A + 10 sqrt(A) + 20 (and enough to respect
        max_occupancy): the answer lies far inside -#}
    select
        {%- for key in keys %}
            traffic.{{ key }},
        {%- endfor %}
        traffic.traffic_erlangs,
        traffic.aht_seconds,
        traffic.staffing_threshold_seconds,
        traffic.staffing_target_share,
        series.agents,
        ln(series.agents / traffic.traffic_erlangs) as step_log
    from traffic
    cross join {{ integer_series(
        '1',
        'ceil(greatest(traffic.traffic_erlangs'
            ~ (' / ' ~ max_occupancy if max_occupancy is not none else '')
            ~ ', traffic.traffic_erlangs + 10 * sqrt(traffic.traffic_erlangs)) + 20)',
        'series', 'agents') }}
    where traffic.traffic_erlangs > 0

),

logged as (

    {#- log_term(n) = sum of ln(i / A) for i <= n; log_floor is its minimum (with
        log_term(0) = 0), so every exp() below stays within range -#}
    select
        *,
        sum(step_log) over (
            partition by {{ keys | join(', ') }}
            order by agents rows between unbounded preceding and current row
        ) as log_term
    from candidates

),

floored as (

    select
        *,
        least(0, min(log_term) over (partition by {{ keys | join(', ') }})) as log_floor
    from logged

),

summed as (

    {#- 1/B(n) = sum over j <= n of exp(log_term(n) - log_term(j))
               = exp(log_term(n) - log_floor) * scaled_sum(n) -#}
    select
        *,
        exp(log_floor) + sum(exp(log_floor - log_term)) over (
            partition by {{ keys | join(', ') }}
            order by agents rows between unbounded preceding and current row
        ) as scaled_sum
    from floored

),

erlang as (

    select
        *,
        exp(log_floor - log_term - ln(scaled_sum)) as erlang_b
    from summed

),

predicted as (

    select
        *,
        case
            when agents > traffic_erlangs
                then erlang_b / (1 - traffic_erlangs / agents * (1 - erlang_b))
        end as probability_of_waiting
    from erlang

),

scored as (

    select
        *,
        1 - probability_of_waiting
        * exp(-(agents - traffic_erlangs) * staffing_threshold_seconds / aht_seconds) as service_level_at,
        probability_of_waiting * aht_seconds / (agents - traffic_erlangs) as asa_seconds_at,
        traffic_erlangs / agents as occupancy_at
    from predicted
    where agents > traffic_erlangs

),

required as (

    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        min(agents) as required_agents
    from scored
    where
        service_level_at >= staffing_target_share
    {%- if max_occupancy is not none %}
        and occupancy_at <= {{ max_occupancy }}
        {%- endif %}
    group by {{ keys | join(', ') }}

),

staffed as (

    select
        {%- for key in keys %}
            required.{{ key }},
        {%- endfor %}
        required.required_agents,
        scored.service_level_at,
        scored.probability_of_waiting,
        scored.asa_seconds_at,
        scored.occupancy_at
    from required
    inner join scored
        on
            {%- for key in keys %}
                required.{{ key }} = scored.{{ key }} and
            {%- endfor %}
            required.required_agents = scored.agents

),

final as (

    select
        traffic.*,
        cast(case
            when traffic.traffic_erlangs = 0 then 0
            else staffed.required_agents
        end as integer) as required_agents,
        case
            when traffic.traffic_erlangs = 0 then 0
            else cast(ceil(round(staffed.required_agents / (1 - {{ var('shrinkage') }}), 9)) as integer)
        end as required_agents_with_shrinkage,
        round(staffed.service_level_at, 6) as predicted_service_level,
        round(staffed.probability_of_waiting, 6) as predicted_probability_of_waiting,
        round(staffed.asa_seconds_at, 3) as predicted_asa_seconds,
        round(staffed.occupancy_at, 6) as predicted_occupancy
    from traffic
    left join staffed
        on
            traffic.interval_start = staffed.interval_start
            and traffic.source_system = staffed.source_system
            and traffic.channel = staffed.channel
            and traffic.queue = staffed.queue

)

select * from final

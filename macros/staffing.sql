{#- Erlang C staffing as CTEs (erlang_candidates ... erlang_staffed) over the CTE
    `traffic`, which has the `keys` columns, traffic_erlangs, aht_seconds,
    staffing_threshold_seconds and staffing_target_share. erlang_staffed has, per
    key with traffic above 0, required_agents (the fewest agents above the traffic
    whose service level reaches the target share within the threshold, with
    occupancy at most var max_occupancy when set) and the service level
    (service_level_at), probability of waiting, ASA (asa_seconds_at) and occupancy
    (occupancy_at) predicted at that staffing.

    Erlang B comes from its recursion 1/B(n) = 1 + (n / A) / B(n - 1), unrolled into
    running sums of logarithms over a bounded series of agent counts: no factorial
    overflows and no recursive query, so dbt unit tests reach it. Follow with a
    comma and further CTEs. -#}
{% macro erlang_c_ctes(traffic, keys) %}
{%- set max_occupancy = var('max_occupancy') -%}
erlang_candidates as (

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
    from {{ traffic }} as traffic
    cross join {{ integer_series(
        '1',
        'ceil(greatest(traffic.traffic_erlangs'
            ~ (' / ' ~ max_occupancy if max_occupancy is not none else '')
            ~ ', traffic.traffic_erlangs + 10 * sqrt(traffic.traffic_erlangs)) + 20)',
        'series', 'agents') }}
    where traffic.traffic_erlangs > 0

),

erlang_logged as (

    {#- log_term(n) = sum of ln(i / A) for i <= n; log_floor is its minimum (with
        log_term(0) = 0), so every exp() below stays within range -#}
    select
        *,
        sum(step_log) over (
            partition by {{ keys | join(', ') }}
            order by agents rows between unbounded preceding and current row
        ) as log_term
    from erlang_candidates

),

erlang_floored as (

    select
        *,
        least(0, min(log_term) over (partition by {{ keys | join(', ') }})) as log_floor
    from erlang_logged

),

erlang_summed as (

    {#- 1/B(n) = sum over j <= n of exp(log_term(n) - log_term(j))
               = exp(log_term(n) - log_floor) * scaled_sum(n) -#}
    select
        *,
        exp(log_floor) + sum(exp(log_floor - log_term)) over (
            partition by {{ keys | join(', ') }}
            order by agents rows between unbounded preceding and current row
        ) as scaled_sum
    from erlang_floored

),

erlang_blocking as (

    select
        *,
        exp(log_floor - log_term - ln(scaled_sum)) as erlang_b
    from erlang_summed

),

erlang_predicted as (

    select
        *,
        case
            when agents > traffic_erlangs
                then erlang_b / (1 - traffic_erlangs / agents * (1 - erlang_b))
        end as probability_of_waiting
    from erlang_blocking

),

erlang_scored as (

    select
        *,
        1 - probability_of_waiting
        * exp(-(agents - traffic_erlangs) * staffing_threshold_seconds / aht_seconds) as service_level_at,
        probability_of_waiting * aht_seconds / (agents - traffic_erlangs) as asa_seconds_at,
        traffic_erlangs / agents as occupancy_at
    from erlang_predicted
    where agents > traffic_erlangs

),

erlang_required as (

    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        min(agents) as required_agents
    from erlang_scored
    where
        service_level_at >= staffing_target_share
    {%- if max_occupancy is not none %}
        and occupancy_at <= {{ max_occupancy }}
        {%- endif %}
    group by {{ keys | join(', ') }}

),

erlang_staffed as (

    select
        {%- for key in keys %}
            required.{{ key }},
        {%- endfor %}
        required.required_agents,
        scored.service_level_at,
        scored.probability_of_waiting,
        scored.asa_seconds_at,
        scored.occupancy_at
    from erlang_required as required
    inner join erlang_scored as scored
        on
            {%- for key in keys %}
                required.{{ key }} = scored.{{ key }} and
            {%- endfor %}
            required.required_agents = scored.agents

)
{% endmacro %}

{#- The staffing columns of a row of `traffic` left-joined to erlang_staffed:
    0 agents when nothing is offered, null where there is no traffic. -#}
{% macro erlang_c_columns(traffic='traffic', staffed='staffed') -%}
        cast(case
            when {{ traffic }}.traffic_erlangs = 0 then 0
            else {{ staffed }}.required_agents
        end as integer) as required_agents,
        case
            when {{ traffic }}.traffic_erlangs = 0 then 0
            else cast(ceil({{ round_to(staffed ~ ".required_agents / (1 - " ~ var('shrinkage') ~ ")", 9) }}) as integer)
        end as required_agents_with_shrinkage,
        {{ round_to(staffed ~ '.service_level_at', 6) }} as predicted_service_level,
        {{ round_to(staffed ~ '.probability_of_waiting', 6) }} as predicted_probability_of_waiting,
        {{ round_to(staffed ~ '.asa_seconds_at', 3) }} as predicted_asa_seconds,
        {{ round_to(staffed ~ '.occupancy_at', 6) }} as predicted_occupancy
{%- endmacro %}

{#- Traffic in Erlangs of `offered` contacts with average handle time `aht` in one
    interval (var interval_minutes), divided by the contacts an agent handles at
    once; `targets` is a row of seed service_level_targets for the channel. Only
    real-time channels with a threshold are staffed: null otherwise, and null
    without an AHT unless nothing is offered (0). -#}
{% macro erlang_traffic(offered, aht, targets='targets') -%}
        case
            when {{ targets }}.is_realtime and {{ targets }}.threshold_seconds is not null and {{ aht }} > 0
                then {{ offered }} * {{ aht }} / {{ var('interval_minutes') * 60 }}.0 / {{ targets }}.agent_concurrency
            when {{ targets }}.is_realtime and {{ targets }}.threshold_seconds is not null and {{ offered }} = 0
                then 0.0
        end
{%- endmacro %}

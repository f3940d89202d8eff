{#- Contact KPIs per local interval (var interval_minutes, aligned to local
    midnight), source system, channel and queue. interval_start is the UTC instant
    the local interval starts, so the repeated hour of a DST fall-back gives two
    intervals; interval_start_local is the wall time for display.

    Staffing (Erlang C, real-time channels with a handle time): the traffic the
    interval's offered contacts bring, the fewest agents that reach the channel's
    service-level target (seed service_level_targets; var max_occupancy caps the
    occupancy when set) and the service level, probability of waiting, ASA and
    occupancy predicted at that staffing (macro erlang_c_ctes). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
{%- set keys = ['interval_start', 'source_system', 'channel', 'queue'] -%}

with

journeys as (

    select * from {{ ref('fct_journeys') }}
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
        {{ erlang_traffic('rated.offered_count', 'rated.aht_seconds') }} as traffic_erlangs
    from rated
    left join service_level_targets as targets
        on rated.channel = targets.channel

),

{{ erlang_c_ctes('traffic', keys) }},

final as (

    select
        traffic.*,
        {{ erlang_c_columns('traffic', 'staffed') }}
    from traffic
    left join erlang_staffed as staffed
        on
            traffic.interval_start = staffed.interval_start
            and traffic.source_system = staffed.source_system
            and traffic.channel = staffed.channel
            and traffic.queue = staffed.queue

)

select * from final

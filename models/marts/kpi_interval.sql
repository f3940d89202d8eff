{#- Contact KPIs per local interval (var interval_minutes, aligned to local
    midnight), source system, channel and queue. interval_start is the UTC instant
    the local interval starts, so the repeated hour of a DST fall-back gives two
    intervals; interval_start_local is the wall time for display. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

journeys as (

    select * from {{ ref('int_journeys_rolled_up') }}
    where is_inbound

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

final as (

    select
        *,
        {{ contact_kpi_rates() }}
    from sums

)

select * from final

{#- Daily contact KPIs per source system, channel and queue (local dates in var
    reporting_timezone). A transfer chain counts once, on its first leg. A group
    exists when at least one inbound contact counts in it. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

journeys as (

    select * from {{ ref('fct_journeys') }}
    where is_inbound

),

sums as (

    select
        contact_date,
        source_system,
        channel,
        queue,
        bool_or(is_realtime) as is_realtime,
        {{ contact_kpi_sums() }}
    from journeys
    group by contact_date, source_system, channel, queue

),

final as (

    select
        *,
        {{ contact_kpi_rates() }}
    from sums

)

select * from final

-- kpi_daily and kpi_interval count every inbound journey exactly once: their
-- contact counts equal the number of inbound first legs, per source system.
with

journeys as (

    select
        source_system,
        count(*) as journey_count
    from {{ ref('fct_contacts') }}
    where leg_number = 1 and is_inbound
    group by source_system

),

daily as (

    select
        source_system,
        sum(contact_count) as contact_count
    from {{ ref('kpi_daily') }}
    group by source_system

),

intervals as (

    select
        source_system,
        sum(contact_count) as contact_count
    from {{ ref('kpi_interval') }}
    group by source_system

)

select
    journeys.source_system,
    journeys.journey_count,
    daily.contact_count as daily_count,
    intervals.contact_count as interval_count
from journeys
left join daily on journeys.source_system = daily.source_system
left join intervals on journeys.source_system = intervals.source_system
where
    daily.contact_count is distinct from journeys.journey_count
    or intervals.contact_count is distinct from journeys.journey_count

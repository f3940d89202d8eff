{#- The opening windows of every queue as UTC instants, one row per queue and local
    day, from seed business_hours (a queue without rows of its own keeps the hours
    of queue '*') minus seed holidays. Local opening and closing times are turned
    into UTC per day, so daylight-saving changes are honored. Covers the local days
    from the day before the first contact to the day after the last timestamp. -#}
with

contacts as (

    select * from {{ ref('int_contacts_identified') }}

),

hours as (

    select * from {{ ref('business_hours') }}

),

holidays as (

    select * from {{ ref('holidays') }}

),

ticket_events as (

    {{ union_staged_ticket_events() }}

),

queues as (

    select distinct queue from contacts

),

queue_hours as (

    select
        queues.queue,
        hours.timezone,
        hours.weekday,
        hours.open_time,
        hours.close_time
    from queues
    inner join hours
        on
            queues.queue = hours.queue
            or (
                hours.queue = '*'
                and not exists (
                    select 1 from hours as own
                    where own.queue = queues.queue
                )
            )

),

timestamps as (

    select
        created_at as first_at,
        greatest(created_at, coalesce(answered_at, created_at), coalesce(ended_at, created_at)) as last_at
    from contacts
    union all
    select
        changed_at as first_at,
        changed_at as last_at
    from ticket_events

),

bounds as (

    select
        cast(min(first_at) as date) - 2 as first_day,
        cast(max(last_at) as date) + 2 as last_day
    from timestamps

),

days as (

    select cast(series.day_start as date) as local_day
    from bounds
    cross join {{ date_series('bounds.first_day', 'bounds.last_day') }}

),

local_windows as (

    select
        queue_hours.queue,
        queue_hours.timezone,
        days.local_day,
        {{ add_whole_seconds('cast(days.local_day as timestamp)', clock_seconds("queue_hours.open_time || ':00'")) }} as opens_local,
        {{ add_whole_seconds('cast(days.local_day as timestamp)', clock_seconds("queue_hours.close_time || ':00'")) }} as closes_local
    from queue_hours
    inner join days
        on {{ iso_weekday('days.local_day') }} = queue_hours.weekday
    where not exists (
            select 1 from holidays
            where holidays.queue = queue_hours.queue and holidays.holiday_date = days.local_day
        )

),

windows as (

    select
        queue,
        timezone,
        local_day,
        {{ local_to_utc_in_zone('opens_local', 'timezone') }} as opens_at,
        {{ local_to_utc_in_zone('closes_local', 'timezone') }} as closes_at
    from local_windows

)

select * from windows
where opens_at < closes_at

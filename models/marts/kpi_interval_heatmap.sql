{#- The staffing heatmap: offered contacts by local weekday and time of day per
    source system and channel, averaged over the trailing var heatmap_weeks weeks
    that end on the source's latest contact date. The average divides by the number
    of such weekdays in the window, so a weekday-interval without contacts counts
    as 0, not as missing; the repeated hour of a DST fall-back adds both of its
    intervals to the same time of day. -#}
{%- set weeks = var('heatmap_weeks') -%}

with

intervals as (

    select * from {{ ref('kpi_interval') }}

),

windows as (

    select
        source_system,
        min(contact_date) as first_contact_date,
        max(contact_date) as last_date,
        cast({{ dbt.dateadd('day', -(7 * weeks - 1), 'max(contact_date)') }} as date) as first_date
    from intervals
    group by source_system

),

weekday_days as (

    {#- the days of each window (all 7 * weeks, but none before the source's first
        contact) counted by weekday: the denominators of the averages -#}
    select
        source_system,
        {{ iso_weekday('window_day') }} as iso_weekday,
        count(*) as weekday_count
    from (
        select
            windows.source_system,
            windows.first_contact_date,
            cast({{ dbt.dateadd('day', 'days.day_offset', 'windows.first_date') }} as date) as window_day
        from windows
        cross join {{ integer_series('0', 7 * weeks - 1, 'days', 'day_offset') }}
    ) as window_days
    where window_day >= first_contact_date
    group by source_system, {{ iso_weekday('window_day') }}

),

in_window as (

    select
        intervals.source_system,
        intervals.channel,
        {{ iso_weekday('intervals.contact_date') }} as iso_weekday,
        cast(intervals.interval_start_local as time) as interval_time_local,
        intervals.offered_count,
        intervals.answered_count,
        intervals.handled_count,
        intervals.handle_seconds_sum,
        intervals.required_agents,
        greatest(windows.first_date, windows.first_contact_date) as first_date,
        windows.last_date
    from intervals
    inner join windows
        on
            intervals.source_system = windows.source_system
            and intervals.contact_date between windows.first_date and windows.last_date

),

sums as (

    select
        source_system,
        channel,
        iso_weekday,
        interval_time_local,
        min(first_date) as window_first_date,
        min(last_date) as window_last_date,
        {{ sum_count('offered_count') }} as offered_count,
        {{ sum_count('answered_count') }} as answered_count,
        cast(sum(handled_count) as bigint) as handled_count,
        sum(handle_seconds_sum) as handle_seconds_sum,
        cast(sum(required_agents) as bigint) as required_agents_sum
    from in_window
    group by source_system, channel, iso_weekday, interval_time_local

),

final as (

    select
        sums.source_system,
        sums.channel,
        sums.iso_weekday,
        sums.interval_time_local,
        sums.window_first_date,
        sums.window_last_date,
        weekday_days.weekday_count,
        sums.offered_count,
        sums.answered_count,
        sums.handled_count,
        sums.handle_seconds_sum,
        sums.required_agents_sum,
        {{ ratio('sums.offered_count', 'weekday_days.weekday_count') }} as avg_offered_count,
        {{ ratio('sums.handle_seconds_sum', 'sums.handled_count') }} as aht_seconds,
        {{ ratio('sums.required_agents_sum', 'weekday_days.weekday_count') }} as avg_required_agents
    from sums
    inner join weekday_days
        on
            sums.source_system = weekday_days.source_system
            and sums.iso_weekday = weekday_days.iso_weekday

)

select * from final

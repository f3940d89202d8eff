{#- Offered contacts and handle time per local weekday-interval projected from
    history, by two explainable methods, for two origins per source system:
    - 'forecast': from the source's latest contact date, the next var forecast_days;
    - 'backtest': from var forecast_days before it, the days since (known actuals);
      with less than a week of history before that origin, from 7 days before the
      latest date; with less than two weeks of history, no backtest.
    Only history up to the origin is used. For a target day, the same weekday and
    time of day on the four most recent weeks before the origin weigh 4, 3, 2 and 1
    (a day without contacts there counts as 0):
    - seasonal: the weighted average;
    - seasonal_trend: the same times g ^ (weighted age of those weeks), g the weekly
      growth of the channel's volume over the last eight weeks before the origin
      ((last 28 days / the 28 before) ^ (1/4)); 1 with less history. -#}
{%- set horizon = var('forecast_days') -%}

with

intervals as (

    select * from {{ ref('kpi_interval') }}

),

history as (

    select
        source_system,
        channel,
        queue,
        contact_date,
        cast(interval_start_local as time) as interval_time_local,
        {{ sum_count('offered_count') }} as offered_count,
        cast(sum(handled_count) as bigint) as handled_count,
        sum(handle_seconds_sum) as handle_seconds_sum
    from intervals
    group by source_system, channel, queue, contact_date, cast(interval_start_local as time)

),

spans as (

    select
        source_system,
        min(contact_date) as first_date,
        max(contact_date) as last_date
    from history
    group by source_system

),

spans_counted as (

    select
        *,
        {{ dbt.datediff('first_date', 'last_date', 'day') }} + 1 as day_count
    from spans

),

origins as (

    select
        source_system,
        first_date,
        last_date,
        'forecast' as purpose,
        last_date as origin_date
    from spans_counted
    union all
    select
        source_system,
        first_date,
        last_date,
        'backtest' as purpose,
        case
            when day_count - {{ horizon }} >= 7
                then cast({{ dbt.dateadd('day', -horizon, 'last_date') }} as date)
            else cast({{ dbt.dateadd('day', -7, 'last_date') }} as date)
        end as origin_date
    from spans_counted
    where day_count >= 14

),

origin_windows as (

    select
        *,
        cast({{ dbt.dateadd('day', -28, 'origin_date') }} as date) as recent_start,
        cast({{ dbt.dateadd('day', -56, 'origin_date') }} as date) as growth_start
    from origins

),

growth_sums as (

    select
        origin_windows.source_system,
        origin_windows.purpose,
        history.channel,
        min(origin_windows.first_date) as first_date,
        min(origin_windows.growth_start) as growth_start,
        sum(case when history.contact_date > origin_windows.recent_start then history.offered_count else 0 end)
            as recent_offered,
        sum(case when history.contact_date <= origin_windows.recent_start then history.offered_count else 0 end)
            as previous_offered
    from origin_windows
    inner join history
        on
            origin_windows.source_system = history.source_system
            and origin_windows.origin_date >= history.contact_date
            and origin_windows.growth_start < history.contact_date
    group by origin_windows.source_system, origin_windows.purpose, history.channel

),

growth as (

    {#- weekly growth per channel: the last 28 days before the origin against the
        28 before them, when the history covers both -#}
    select
        source_system,
        purpose,
        channel,
        case
            when first_date <= cast({{ dbt.dateadd('day', 1, 'growth_start') }} as date) and previous_offered > 0
                then power({{ ratio('recent_offered', 'previous_offered') }}, 0.25)
            else 1.0
        end as weekly_growth
    from growth_sums

),

slots as (

    {#- the weekday-intervals to project: those seen in the five weeks before the
        origin -#}
    select distinct
        origins.source_system,
        origins.purpose,
        origins.origin_date,
        origins.first_date,
        origins.last_date,
        history.channel,
        history.queue,
        {{ iso_weekday('history.contact_date') }} as iso_weekday,
        history.interval_time_local
    from origins
    inner join history
        on
            origins.source_system = history.source_system
            and origins.origin_date >= history.contact_date
            and cast({{ dbt.dateadd('day', -35, 'origins.origin_date') }} as date) < history.contact_date

),

targets as (

    select
        slots.*,
        cast({{ dbt.dateadd('day', 'days.day_offset', 'slots.origin_date') }} as date) as target_date
    from slots
    cross join {{ integer_series('1', horizon, 'days', 'day_offset') }}
    where
        slots.purpose = 'forecast'
        or {{ dbt.dateadd('day', 'days.day_offset', 'slots.origin_date') }} <= slots.last_date

),

same_weekday as (

    select
        targets.*,
        weeks.weeks_back,
        cast({{ dbt.dateadd('day', '-7 * weeks.weeks_back', 'targets.target_date') }} as date) as lag_date
    from targets
    cross join {{ integer_series('1', ((horizon + 6) // 7) + 4, 'weeks', 'weeks_back') }}
    where {{ iso_weekday('targets.target_date') }} = targets.iso_weekday

),

usable as (

    select
        *,
        row_number() over (
            partition by purpose, source_system, channel, queue, target_date, interval_time_local
            order by weeks_back
        ) as recency_rank
    from same_weekday
    where lag_date <= origin_date and lag_date >= first_date

),

weighted as (

    select
        usable.purpose,
        usable.source_system,
        usable.channel,
        usable.queue,
        usable.origin_date,
        usable.target_date,
        usable.interval_time_local,
        5 - usable.recency_rank as weight,
        usable.weeks_back,
        coalesce(history.offered_count, 0) as offered_count,
        coalesce(history.handled_count, 0) as handled_count,
        coalesce(history.handle_seconds_sum, 0) as handle_seconds_sum
    from usable
    left join history
        on
            usable.source_system = history.source_system
            and usable.channel = history.channel
            and usable.queue = history.queue
            and usable.lag_date = history.contact_date
            and usable.interval_time_local = history.interval_time_local
    where usable.recency_rank <= 4

),

projected as (

    select
        purpose,
        source_system,
        channel,
        queue,
        min(origin_date) as origin_date,
        target_date,
        interval_time_local,
        count(*) as weeks_used,
        sum(weight * offered_count) / cast(sum(weight) as {{ double_type() }}) as seasonal_offered,
        sum(weight * weeks_back) / cast(sum(weight) as {{ double_type() }}) as weighted_weeks_back,
        {{ ratio('sum(weight * handle_seconds_sum)', 'sum(weight * handled_count)') }} as forecast_aht_seconds
    from weighted
    group by purpose, source_system, channel, queue, target_date, interval_time_local

),

final as (

    select
        projected.purpose,
        projected.source_system,
        projected.channel,
        projected.queue,
        projected.origin_date,
        projected.target_date,
        projected.interval_time_local,
        projected.weeks_used,
        coalesce(growth.weekly_growth, 1.0) as weekly_growth,
        projected.seasonal_offered,
        projected.seasonal_offered * power(coalesce(growth.weekly_growth, 1.0), projected.weighted_weeks_back)
            as seasonal_trend_offered,
        projected.forecast_aht_seconds
    from projected
    left join growth
        on
            projected.source_system = growth.source_system
            and projected.purpose = growth.purpose
            and projected.channel = growth.channel

)

select * from final

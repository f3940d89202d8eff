{#- Forecast accuracy by backtest: the last var forecast_days days of each source
    system, projected from the history before them, against what happened, per
    channel and method. WAPE = sum |actual - forecast| / sum actual over every
    queue-interval of the held-out days (an interval the forecast missed counts with
    forecast 0, one that stayed empty with actual 0); daily_offered_wape compares
    the channel's daily totals, the accuracy a daily staffing plan sees. -#}
with

projections as (

    select * from {{ ref('int_interval_forecasts_projected') }}
    where purpose = 'backtest'

),

intervals as (

    select * from {{ ref('kpi_interval') }}

),

held_out as (

    select
        intervals.source_system,
        intervals.channel,
        intervals.queue,
        intervals.contact_date as target_date,
        cast(intervals.interval_start_local as time) as interval_time_local,
        {{ sum_count('intervals.offered_count') }} as offered_count,
        cast(sum(intervals.handled_count) as bigint) as handled_count,
        sum(intervals.handle_seconds_sum) as handle_seconds_sum
    from intervals
    inner join (
        select distinct
            source_system,
            origin_date
        from projections
    ) as origins
        on
            intervals.source_system = origins.source_system
            and intervals.contact_date > origins.origin_date
    group by
        intervals.source_system, intervals.channel, intervals.queue, intervals.contact_date,
        cast(intervals.interval_start_local as time)

),

paired as (

    select
        coalesce(projections.source_system, held_out.source_system) as source_system,
        coalesce(projections.channel, held_out.channel) as channel,
        coalesce(projections.target_date, held_out.target_date) as target_date,
        coalesce(held_out.offered_count, 0) as actual_offered,
        coalesce(projections.seasonal_offered, 0) as seasonal_offered,
        coalesce(projections.seasonal_trend_offered, 0) as seasonal_trend_offered,
        held_out.handled_count as actual_handled_count,
        held_out.handle_seconds_sum as actual_handle_seconds_sum,
        projections.forecast_aht_seconds
    from projections
    full outer join held_out
        on
            projections.source_system = held_out.source_system
            and projections.channel = held_out.channel
            and projections.queue = held_out.queue
            and projections.target_date = held_out.target_date
            and projections.interval_time_local = held_out.interval_time_local

),

methods as (

    select
        source_system,
        channel,
        target_date,
        'seasonal' as forecast_method,
        actual_offered,
        seasonal_offered as forecast_offered,
        actual_handled_count,
        actual_handle_seconds_sum,
        forecast_aht_seconds
    from paired
    union all
    select
        source_system,
        channel,
        target_date,
        'seasonal_trend' as forecast_method,
        actual_offered,
        seasonal_trend_offered as forecast_offered,
        actual_handled_count,
        actual_handle_seconds_sum,
        forecast_aht_seconds
    from paired

),

daily_errors as (

    select
        source_system,
        channel,
        forecast_method,
        abs(sum(actual_offered) - sum(forecast_offered)) as daily_abs_error
    from methods
    group by source_system, channel, forecast_method, target_date

),

daily_sums as (

    select
        source_system,
        channel,
        forecast_method,
        count(*) as day_count,
        sum(daily_abs_error) as daily_offered_abs_error_sum
    from daily_errors
    group by source_system, channel, forecast_method

),

sums as (

    select
        source_system,
        channel,
        forecast_method,
        count(*) as interval_count,
        {{ sum_count('actual_offered') }} as actual_offered_count,
        sum(forecast_offered) as forecast_offered_sum,
        sum(abs(actual_offered - forecast_offered)) as offered_abs_error_sum,
        sum(case when forecast_aht_seconds is not null then actual_handle_seconds_sum end)
            as aht_actual_handle_seconds_sum,
        sum(abs(forecast_aht_seconds * actual_handled_count - actual_handle_seconds_sum))
            as aht_abs_error_seconds_sum
    from methods
    group by source_system, channel, forecast_method

),

final as (

    select
        sums.*,
        daily_sums.day_count,
        daily_sums.daily_offered_abs_error_sum,
        {{ ratio('offered_abs_error_sum', 'actual_offered_count') }} as offered_wape,
        {{ ratio('daily_sums.daily_offered_abs_error_sum', 'actual_offered_count') }} as daily_offered_wape,
        {{ ratio('forecast_offered_sum - actual_offered_count', 'actual_offered_count') }} as offered_bias,
        {{ ratio('aht_abs_error_seconds_sum', 'aht_actual_handle_seconds_sum') }} as aht_wape,
        row_number() over (
            partition by sums.source_system, sums.channel
            order by
                {{ ratio('offered_abs_error_sum', 'actual_offered_count') }} nulls last,
                case when sums.forecast_method = 'seasonal' then 0 else 1 end
        ) = 1 as is_chosen
    from sums
    inner join daily_sums
        on
            sums.source_system = daily_sums.source_system
            and sums.channel = daily_sums.channel
            and sums.forecast_method = daily_sums.forecast_method

)

select * from final

{#- Offered contacts, AHT and the agents they need per local interval, channel and
    queue for the next var forecast_days days after each source system's latest
    contact date. The method per source and channel is the one with the lower
    offered WAPE in kpi_forecast_accuracy's backtest (seasonal on a tie). Staffing
    is Erlang C (macro erlang_c_ctes) on the forecast, as in kpi_interval. -#}
{%- set tz = var('reporting_timezone') -%}
{%- set keys = ['source_system', 'channel', 'queue', 'forecast_date', 'interval_time_local'] -%}

with

projections as (

    select * from {{ ref('int_interval_forecasts_projected') }}
    where purpose = 'forecast'

),

accuracy as (

    select * from {{ ref('kpi_forecast_accuracy') }}
    where is_chosen

),

service_level_targets as (

    select * from {{ ref('service_level_targets') }}

),

chosen as (

    select
        projections.source_system,
        projections.channel,
        projections.queue,
        projections.target_date as forecast_date,
        projections.interval_time_local,
        projections.origin_date,
        coalesce(accuracy.forecast_method, 'seasonal') as forecast_method,
        accuracy.offered_wape as backtest_offered_wape,
        projections.weeks_used,
        projections.weekly_growth,
        case
            when accuracy.forecast_method = 'seasonal_trend' then projections.seasonal_trend_offered
            else projections.seasonal_offered
        end as forecast_offered,
        projections.forecast_aht_seconds
    from projections
    left join accuracy
        on
            projections.source_system = accuracy.source_system
            and projections.channel = accuracy.channel

),

traffic as (

    select
        chosen.*,
        {{ date_at_time("chosen.forecast_date", "chosen.interval_time_local") }} as interval_start_local,
        targets.threshold_seconds as staffing_threshold_seconds,
        targets.target_share as staffing_target_share,
        chosen.forecast_aht_seconds as aht_seconds,
        {{ erlang_traffic('chosen.forecast_offered', 'chosen.forecast_aht_seconds') }} as traffic_erlangs
    from chosen
    left join service_level_targets as targets
        on chosen.channel = targets.channel

),

{{ erlang_c_ctes('traffic', keys) }},

final as (

    select
        traffic.source_system,
        traffic.channel,
        traffic.queue,
        traffic.forecast_date,
        traffic.interval_time_local,
        traffic.interval_start_local,
        {{ local_to_utc('traffic.interval_start_local', tz) }} as interval_start,
        traffic.origin_date,
        traffic.forecast_method,
        traffic.backtest_offered_wape,
        traffic.weeks_used,
        traffic.weekly_growth,
        traffic.forecast_offered,
        traffic.forecast_aht_seconds,
        traffic.traffic_erlangs,
        {{ erlang_c_columns('traffic', 'staffed') }}
    from traffic
    left join erlang_staffed as staffed
        on
            traffic.source_system = staffed.source_system
            and traffic.channel = staffed.channel
            and traffic.queue = staffed.queue
            and traffic.forecast_date = staffed.forecast_date
            and traffic.interval_time_local = staffed.interval_time_local

)

select * from final

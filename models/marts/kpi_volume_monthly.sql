{#- Monthly volume per source system and channel (local calendar months), with the
    month before and the same month a year before and the change against each.
    first_date and last_date say which days of the month the data covers, so a
    partial first or last month is visible. -#}
with

daily as (

    select * from {{ ref('kpi_volume_daily') }}

),

monthly as (

    select
        cast({{ dbt.date_trunc('month', 'contact_date') }} as date) as contact_month,
        source_system,
        channel,
        min(contact_date) as first_date,
        max(contact_date) as last_date,
        count(*) as day_count,
        {{ sum_count('offered_count') }} as offered_count,
        {{ sum_count('answered_count') }} as answered_count,
        {{ sum_count('abandoned_count') }} as abandoned_count,
        cast(sum(handled_count) as bigint) as handled_count,
        sum(handle_seconds_sum) as handle_seconds_sum
    from daily
    group by {{ dbt.date_trunc('month', 'contact_date') }}, source_system, channel

),

final as (

    select
        monthly.*,
        {{ ratio('monthly.handle_seconds_sum', 'monthly.handled_count') }} as aht_seconds,
        month_before.offered_count as offered_count_month_before,
        {{ ratio('monthly.offered_count - month_before.offered_count', 'month_before.offered_count') }}
            as offered_change_month_over_month,
        year_before.offered_count as offered_count_year_before,
        {{ ratio('monthly.offered_count - year_before.offered_count', 'year_before.offered_count') }}
            as offered_change_year_over_year
    from monthly
    left join monthly as month_before
        on
            monthly.source_system = month_before.source_system
            and monthly.channel = month_before.channel
            and month_before.contact_month = cast({{ dbt.dateadd('month', -1, 'monthly.contact_month') }} as date)
    left join monthly as year_before
        on
            monthly.source_system = year_before.source_system
            and monthly.channel = year_before.channel
            and year_before.contact_month = cast({{ dbt.dateadd('month', -12, 'monthly.contact_month') }} as date)

)

select * from final

{#- One row per calendar day from 1990 to 2049: the semantic layer's time spine
    (metric_time) and a date dimension for BI tools. -#}
with

days as (

    select cast(day_start as date) as date_day
    from {{ date_series("date '1990-01-01'", "date '2049-12-31'") }}

),

final as (

    select
        date_day,
        cast({{ iso_weekday('date_day') }} as integer) as iso_weekday,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast(extract(year from date_day) as integer) as calendar_year
    from days

)

select * from final

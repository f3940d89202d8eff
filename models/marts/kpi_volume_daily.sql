{#- Daily volume per source system and channel over every day from the source's
    first to its last contact date (a day without contacts is a row of zeros), with
    the same weekday a week and a year (52 weeks, 364 days) before and the change
    against each. -#}
with

daily as (

    select * from {{ ref('kpi_daily') }}

),

spans as (

    select
        source_system,
        channel,
        min(contact_date) as first_date,
        max(contact_date) as last_date
    from daily
    group by source_system, channel

),

spine as (

    select
        spans.source_system,
        spans.channel,
        cast({{ dbt.dateadd('day', 'days.day_offset', 'spans.first_date') }} as date) as contact_date
    from spans
    cross join {{ integer_series('0', dbt.datediff('spans.first_date', 'spans.last_date', 'day'), 'days', 'day_offset') }}

),

sums as (

    select
        contact_date,
        source_system,
        channel,
        {{ sum_count('offered_count') }} as offered_count,
        {{ sum_count('answered_count') }} as answered_count,
        {{ sum_count('abandoned_count') }} as abandoned_count,
        cast(sum(handled_count) as bigint) as handled_count,
        sum(handle_seconds_sum) as handle_seconds_sum
    from daily
    group by contact_date, source_system, channel

),

filled as (

    select
        spine.contact_date,
        spine.source_system,
        spine.channel,
        coalesce(sums.offered_count, 0) as offered_count,
        coalesce(sums.answered_count, 0) as answered_count,
        coalesce(sums.abandoned_count, 0) as abandoned_count,
        sums.handled_count,
        sums.handle_seconds_sum
    from spine
    left join sums
        on
            spine.contact_date = sums.contact_date
            and spine.source_system = sums.source_system
            and spine.channel = sums.channel

),

final as (

    select
        filled.contact_date,
        filled.source_system,
        filled.channel,
        {{ iso_weekday('filled.contact_date') }} as iso_weekday,
        filled.offered_count,
        filled.answered_count,
        filled.abandoned_count,
        filled.handled_count,
        filled.handle_seconds_sum,
        {{ ratio('filled.handle_seconds_sum', 'filled.handled_count') }} as aht_seconds,
        week_before.offered_count as offered_count_week_before,
        {{ ratio('filled.offered_count - week_before.offered_count', 'week_before.offered_count') }}
            as offered_change_week_over_week,
        year_before.offered_count as offered_count_year_before,
        {{ ratio('filled.offered_count - year_before.offered_count', 'year_before.offered_count') }}
            as offered_change_year_over_year
    from filled
    left join filled as week_before
        on
            filled.source_system = week_before.source_system
            and filled.channel = week_before.channel
            and week_before.contact_date = cast({{ dbt.dateadd('day', -7, 'filled.contact_date') }} as date)
    left join filled as year_before
        on
            filled.source_system = year_before.source_system
            and filled.channel = year_before.channel
            and year_before.contact_date = cast({{ dbt.dateadd('day', -364, 'filled.contact_date') }} as date)

)

select * from final

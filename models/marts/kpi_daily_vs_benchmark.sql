{#- kpi_daily's headline KPIs beside the industry benchmarks of seed kpi_benchmarks
    (a benchmark for channel '*' applies to every channel), one row per day, source
    system, channel, queue and KPI. -#}
{{ config(materialized='view') }}

{%- set kpis = ['service_level', 'abandon_rate', 'avg_chat_duration_seconds', 'fcr_rate', 'csat_satisfied_rate', 'nps'] -%}

with

daily as (

    select * from {{ ref('kpi_daily') }}

),

benchmarks as (

    select * from {{ ref('kpi_benchmarks') }}

),

long as (
    {% for kpi in kpis %}
        select
            contact_date,
            source_system,
            channel,
            queue,
            '{{ kpi }}' as kpi,
            cast({{ kpi }} as {{ double_type() }}) as kpi_value
        from daily
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (

    select
        long.contact_date,
        long.source_system,
        long.channel,
        long.queue,
        long.kpi,
        long.kpi_value,
        benchmarks.benchmark_value,
        benchmarks.benchmark_low,
        benchmarks.benchmark_high,
        benchmarks.unit,
        benchmarks.source_note,
        long.kpi_value - benchmarks.benchmark_value as difference_from_benchmark
    from long
    inner join benchmarks
        on
            long.kpi = benchmarks.kpi
            and (long.channel = benchmarks.channel or benchmarks.channel = '*')

)

select * from final

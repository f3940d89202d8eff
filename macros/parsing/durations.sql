{#- Elapsed time in seconds from `start_ts` to `end_ts` (a double; negative when
    end is before start; null when either is null). One definition on every engine:
    elapsed time, not a count of boundaries crossed. -#}
{% macro elapsed_seconds(start_ts, end_ts) -%}
    {{ return(adapter.dispatch('elapsed_seconds', 'contact_center')(start_ts, end_ts)) }}
{%- endmacro %}

{% macro default__elapsed_seconds(start_ts, end_ts) -%}
((epoch_us({{ end_ts }}) - epoch_us({{ start_ts }})) / 1000000.0)
{%- endmacro %}

{% macro add_seconds(ts, seconds) -%}
    {{ return(adapter.dispatch('add_seconds', 'contact_center')(ts, seconds)) }}
{%- endmacro %}

{% macro default__add_seconds(ts, seconds) -%}
({{ ts }} + to_microseconds(cast(round(cast({{ seconds }} as double) * 1000000) as bigint)))
{%- endmacro %}

{#- `ts` plus a whole number of seconds (an integer expression). -#}
{% macro add_whole_seconds(ts, seconds) -%}
    {{ return(adapter.dispatch('add_whole_seconds', 'contact_center')(ts, seconds)) }}
{%- endmacro %}

{% macro default__add_whole_seconds(ts, seconds) -%}
({{ ts }} + to_seconds({{ seconds }}))
{%- endmacro %}

{#- The local calendar date of a UTC timestamp in `tz`. -#}
{% macro local_date(ts_utc, tz) -%}
cast({{ utc_to_local(ts_utc, tz) }} as date)
{%- endmacro %}

{#- The start of the local interval (of `minutes`, aligned to local midnight) that
    holds a UTC timestamp, as local wall time. -#}
{% macro local_interval_start(ts_utc, tz, minutes) -%}
    {{ return(adapter.dispatch('local_interval_start', 'contact_center')(ts_utc, tz, minutes)) }}
{%- endmacro %}

{% macro default__local_interval_start(ts_utc, tz, minutes) -%}
time_bucket(to_minutes({{ minutes }}), {{ utc_to_local(ts_utc, tz) }}, timestamp '2000-01-01 00:00:00')
{%- endmacro %}

{#- The UTC instant at which that local interval starts. The wall-clock distance from
    the interval's local start is the same in UTC, so the repeated hour of a DST
    fall-back gives two distinct intervals. -#}
{% macro utc_interval_start(ts_utc, tz, minutes) -%}
({{ ts_utc }} - ({{ utc_to_local(ts_utc, tz) }} - {{ local_interval_start(ts_utc, tz, minutes) }}))
{%- endmacro %}

{#- A table of days from `first_day` to `last_day` (SQL date expressions), with
    column day_start. -#}
{% macro date_series(first_day, last_day) -%}
    {{ return(adapter.dispatch('date_series', 'contact_center')(first_day, last_day)) }}
{%- endmacro %}

{% macro default__date_series(first_day, last_day) -%}
unnest(generate_series(cast({{ first_day }} as timestamp), cast({{ last_day }} as timestamp), interval 1 day)) as series (day_start)
{%- endmacro %}

{#- ISO weekday of a date: 1 = Monday ... 7 = Sunday. -#}
{% macro iso_weekday(day) -%}
    {{ return(adapter.dispatch('iso_weekday', 'contact_center')(day)) }}
{%- endmacro %}

{% macro default__iso_weekday(day) -%}
isodow({{ day }})
{%- endmacro %}

{#- A table of the integers from `first` to `last` (SQL integer expressions, which
    may name columns of tables earlier in the FROM clause), as `alias` (`column`). -#}
{% macro integer_series(first, last, alias, column) -%}
    {{ return(adapter.dispatch('integer_series', 'contact_center')(first, last, alias, column)) }}
{%- endmacro %}

{% macro default__integer_series(first, last, alias, column) -%}
unnest(generate_series(cast({{ first }} as bigint), cast({{ last }} as bigint))) as {{ alias }} ({{ column }})
{%- endmacro %}

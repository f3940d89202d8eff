{#- Engine differences that dbt's cross-database macros do not cover. Each macro
    has a `default__` version (DuckDB's SQL) and, where an engine needs other SQL,
    a `postgres__` or `spark__` version; the models call only these names. -#}

{#- Does `text` match the regular expression `pattern` (a SQL string literal)? -#}
{% macro regex_matches(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'contact_center')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(text, pattern) -%}
regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro postgres__regex_matches(text, pattern) -%}
({{ text }} ~ {{ pattern }})
{%- endmacro %}

{#- Capture group `group` of the first match of `pattern` in `text`; '' or null
    when there is no match (callers wrap it in nullif(..., '')). -#}
{% macro regex_extract(text, pattern, group) -%}
    {{ return(adapter.dispatch('regex_extract', 'contact_center')(text, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract(text, pattern, group) -%}
regexp_extract({{ text }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{% macro postgres__regex_extract(text, pattern, group) -%}
(regexp_match({{ text }}, {{ pattern }}))[{{ group }}]
{%- endmacro %}

{#- `text` cast to `type` (timestamp, timestamptz or date); null where the text is
    not such a value, instead of an error. -#}
{% macro try_cast_text(text, type) -%}
    {{ return(adapter.dispatch('try_cast_text', 'contact_center')(text, type)) }}
{%- endmacro %}

{% macro default__try_cast_text(text, type) -%}
try_cast({{ text }} as {{ type }})
{%- endmacro %}

{% macro postgres__try_cast_text(text, type) -%}
{{ engine_function_schema() }}.cc_try_{{ type }}({{ text }})
{%- endmacro %}

{#- `text` read with a strftime-style `format` (%d %m %Y %H %M %S %a %b %z); null
    where it does not fit. A timestamp with time zone when the format has %z, else
    a naive timestamp. -#}
{% macro try_strptime(text, format) -%}
    {{ return(adapter.dispatch('try_strptime', 'contact_center')(text, format)) }}
{%- endmacro %}

{% macro default__try_strptime(text, format) -%}
try_strptime({{ text }}, '{{ format }}')
{%- endmacro %}

{% macro postgres__try_strptime(text, format) -%}
{%- set pattern = format -%}
{%- for strftime, postgres in [('%d', 'DD'), ('%m', 'MM'), ('%Y', 'YYYY'), ('%H', 'HH24'), ('%M', 'MI'),
                               ('%S', 'SS'), ('%a', 'Dy'), ('%b', 'Mon'), ('%z', 'TZHTZM')] -%}
    {%- set pattern = pattern | replace(strftime, postgres) -%}
{%- endfor -%}
{%- if '%z' in format -%}
{{ engine_function_schema() }}.cc_try_to_timestamp({{ text }}, '{{ pattern }}')
{%- else -%}
timezone(current_setting('TimeZone'), {{ engine_function_schema() }}.cc_try_to_timestamp({{ text }}, '{{ pattern }}'))
{%- endif -%}
{%- endmacro %}

{#- `value` rounded to `digits` decimals, as a double. -#}
{% macro round_to(value, digits) -%}
    {{ return(adapter.dispatch('round_to', 'contact_center')(value, digits)) }}
{%- endmacro %}

{% macro default__round_to(value, digits) -%}
round({{ value }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_to(value, digits) -%}
cast(round(cast({{ value }} as numeric), {{ digits }}) as double precision)
{%- endmacro %}

{#- The schema holding the helper functions created by create_engine_functions. -#}
{% macro engine_function_schema() -%}
{{ target.schema }}
{%- endmacro %}

{#- on-run-start: functions an engine lacks (PostgreSQL has no try_cast). -#}
{% macro create_engine_functions() %}
    {{ return(adapter.dispatch('create_engine_functions', 'contact_center')()) }}
{% endmacro %}

{% macro default__create_engine_functions() %}
    {{ return('select 1') }}
{% endmacro %}

{% macro postgres__create_engine_functions() %}
    {%- set schema = engine_function_schema() -%}
    {%- set statements = ["create schema if not exists " ~ schema] -%}
    {%- for type in ['timestamp', 'timestamptz', 'date'] -%}
        {%- do statements.append(
            "create or replace function " ~ schema ~ ".cc_try_" ~ type ~ "(value text) returns " ~ type
            ~ " language plpgsql immutable as $fn$ begin return cast(value as " ~ type ~ ");"
            ~ " exception when others then return null; end $fn$"
        ) -%}
    {%- endfor -%}
    {%- do statements.append(
        "create or replace function " ~ schema ~ ".cc_try_to_timestamp(value text, format text) returns timestamptz"
        ~ " language plpgsql stable as $fn$ begin return to_timestamp(value, format);"
        ~ " exception when others then return null; end $fn$"
    ) -%}
    {{ return(statements | join(';\n')) }}
{% endmacro %}

{#- ---------------------------------------------------------- PostgreSQL versions
    of the time and type macros (macros/parsing, macros/kpi.sql). -#}

{% macro postgres__double_type() -%}double precision{%- endmacro %}

{% macro postgres__elapsed_seconds(start_ts, end_ts) -%}
cast(extract(epoch from ({{ end_ts }} - {{ start_ts }})) as double precision)
{%- endmacro %}

{% macro postgres__add_seconds(ts, seconds) -%}
({{ ts }} + cast(round(cast({{ seconds }} as numeric) * 1000000) as double precision) * interval '1 microsecond')
{%- endmacro %}

{% macro postgres__local_interval_start(ts_utc, tz, minutes) -%}
date_bin(interval '{{ minutes }} minutes', {{ utc_to_local(ts_utc, tz) }}, timestamp '2000-01-01 00:00:00')
{%- endmacro %}

{% macro postgres__date_series(first_day, last_day) -%}
generate_series(cast({{ first_day }} as timestamp), cast({{ last_day }} as timestamp), interval '1 day') as series (day_start)
{%- endmacro %}

{% macro postgres__iso_weekday(day) -%}
cast(extract(isodow from {{ day }}) as bigint)
{%- endmacro %}

{% macro postgres__integer_series(first, last, alias, column) -%}
generate_series(cast({{ first }} as bigint), cast({{ last }} as bigint)) as {{ alias }} ({{ column }})
{%- endmacro %}

{% macro postgres__hash_number(text) -%}hashtextextended({{ text }}, 0){%- endmacro %}

{% macro postgres__add_whole_seconds(ts, seconds) -%}
({{ ts }} + ({{ seconds }}) * interval '1 second')
{%- endmacro %}

{#- Incremental models: PostgreSQL reports a contract's `varchar` columns as
    `character varying` and the batch's string columns as `text`; both are the
    same unbounded string type, so only other type changes count as a schema
    change (on_schema_change = 'fail'). -#}
{% macro postgres__diff_column_data_types(source_columns, target_columns) %}
    {%- set strings = ['text', 'character varying'] -%}
    {%- set result = [] -%}
    {%- for sc in source_columns -%}
        {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
        {%- if tc and sc.expanded_data_type != tc.expanded_data_type
            and not (sc.dtype | lower in strings and tc.dtype | lower in strings)
            and not sc.can_expand_to(other_column=tc) -%}
            {%- do result.append({'column_name': tc.name, 'new_type': sc.expanded_data_type}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(result) }}
{% endmacro %}

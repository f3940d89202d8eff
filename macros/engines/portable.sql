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
    where it does not fit. A naive timestamp: the time as written, or, when the
    format has %z, the UTC time of the written time and offset. -#}
{% macro try_strptime(text, format) -%}
    {{ return(adapter.dispatch('try_strptime', 'contact_center')(text, format)) }}
{%- endmacro %}

{% macro default__try_strptime(text, format) -%}
{%- if '%z' in format -%}
timezone('UTC', try_strptime({{ text }}, '{{ format }}'))
{%- else -%}
try_strptime({{ text }}, '{{ format }}')
{%- endif -%}
{%- endmacro %}

{% macro postgres__try_strptime(text, format) -%}
{%- set converted = namespace(pattern=format) -%}
{%- for strftime, postgres in [('%d', 'DD'), ('%m', 'MM'), ('%Y', 'YYYY'), ('%H', 'HH24'), ('%M', 'MI'),
                               ('%S', 'SS'), ('%a', 'Dy'), ('%b', 'Mon'), ('%z', 'TZHTZM')] -%}
    {%- set converted.pattern = converted.pattern | replace(strftime, postgres) -%}
{%- endfor -%}
{%- if '%z' in format -%}
timezone('UTC', {{ engine_function_schema() }}.cc_{#- Spark parses no day-of-week names: a leading weekday (%a ) is skipped. -#}
{%- if converted.pattern.startswith('EEE ') -%}
try_to_timestamp(substring({{ text }}, 5), '{{ converted.pattern[4:] }}')
{%- else -%}
try_to_timestamp({{ text }}, '{{ converted.pattern }}')
{%- endif -%})
{%- else -%}
timezone(current_setting('TimeZone'), {{ engine_function_schema() }}.cc_{#- Spark parses no day-of-week names: a leading weekday (%a ) is skipped. -#}
{%- if converted.pattern.startswith('EEE ') -%}
try_to_timestamp(substring({{ text }}, 5), '{{ converted.pattern[4:] }}')
{%- else -%}
try_to_timestamp({{ text }}, '{{ converted.pattern }}')
{%- endif -%})
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

{#- The schema holding the helper functions created by prepare_engine. -#}
{% macro engine_function_schema() -%}
{{ target.schema }}
{%- endmacro %}

{#- on-run-start: what an engine needs before the models run. PostgreSQL: the
    functions it lacks (it has no try_cast). Spark: the raw relations, declared as
    tables over the Parquet files of scripts/load_exports.py --target spark. -#}
{% macro prepare_engine() %}
    {{ return(adapter.dispatch('prepare_engine', 'contact_center')()) }}
{% endmacro %}

{% macro default__prepare_engine() %}
    {{ return('select 1') }}
{% endmacro %}

{% macro postgres__prepare_engine() %}
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

{% macro spark__prepare_engine() %}
    {%- if execute -%}
        {%- set folder = env_var('SPARK_RAW_DIR', 'warehouse/spark/raw') -%}
        {%- set tables = [] -%}
        {%- for entity, entity_spec in export_source_spec('crm_export').items() -%}
            {%- do tables.extend([entity_spec['schema'] ~ '.' ~ entity, entity_spec['schema'] ~ '.' ~ entity ~ '__files']) -%}
        {%- endfor -%}
        {%- do tables.extend(['raw_anonymous_bank.calls', 'raw_anonymous_bank.calls__files',
                              'raw_servicenow.incident_events', 'raw_servicenow.incident_events__files',
                              'raw_twcs.tweets', 'raw_twcs.tweets__files']) -%}
        {%- for table in tables -%}
            {%- set schema, name = table.split('.') -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- do run_query('drop table if exists ' ~ table) -%}
            {%- do run_query("create table " ~ table ~ " using parquet location '" ~ folder ~ "/" ~ schema ~ "/" ~ name ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}

{#- ---------------------------------------------------------------- Apache Spark
    (run with spark.sql.session.timeZone = UTC, so a TIMESTAMP shows, and is
    compared, as the naive UTC time the other engines store). -#}

{% macro spark__regex_matches(text, pattern) -%}
({{ text }} rlike {{ pattern }})
{%- endmacro %}

{% macro spark__try_cast_text(text, type) -%}
try_cast({{ text }} as {{ 'timestamp' if type == 'timestamptz' else type }})
{%- endmacro %}

{% macro spark__try_strptime(text, format) -%}
{%- set converted = namespace(pattern=format) -%}
{%- for strftime, java in [('%d', 'd'), ('%m', 'M'), ('%Y', 'yyyy'), ('%H', 'H'), ('%M', 'mm'),
                           ('%S', 'ss'), ('%a', 'EEE'), ('%b', 'MMM'), ('%z', 'Z')] -%}
    {%- set converted.pattern = converted.pattern | replace(strftime, java) -%}
{%- endfor -%}
{#- Spark parses no day-of-week names: a leading weekday (%a ) is skipped. -#}
{%- if converted.pattern.startswith('EEE ') -%}
try_to_timestamp(substring({{ text }}, 5), '{{ converted.pattern[4:] }}')
{%- else -%}
try_to_timestamp({{ text }}, '{{ converted.pattern }}')
{%- endif -%}
{%- endmacro %}

{% macro spark__double_type() -%}double{%- endmacro %}

{% macro spark__elapsed_seconds(start_ts, end_ts) -%}
(cast(unix_micros({{ end_ts }}) - unix_micros({{ start_ts }}) as double) / 1000000)
{%- endmacro %}

{% macro spark__add_seconds(ts, seconds) -%}
timestamp_micros(unix_micros({{ ts }}) + cast(round(cast({{ seconds }} as double) * 1000000) as bigint))
{%- endmacro %}

{% macro spark__add_whole_seconds(ts, seconds) -%}
timestamp_micros(unix_micros({{ ts }}) + cast({{ seconds }} as bigint) * 1000000)
{%- endmacro %}

{% macro spark__local_interval_start(ts_utc, tz, minutes) -%}
{%- set micros = minutes * 60 * 1000000 -%}
timestamp_micros(cast(floor(unix_micros({{ utc_to_local(ts_utc, tz) }}) / {{ micros }}) as bigint) * {{ micros }})
{%- endmacro %}

{% macro spark__date_series(first_day, last_day) -%}
lateral (select explode(sequence(cast({{ first_day }} as timestamp), cast({{ last_day }} as timestamp), interval 1 day)) as day_start) as series
{%- endmacro %}

{% macro spark__local_to_utc_shifted(ts, zone) -%}
to_utc_timestamp({{ ts }}, {{ zone }})
{%- endmacro %}

{% macro spark__iso_weekday(day) -%}
cast(weekday({{ day }}) + 1 as bigint)
{%- endmacro %}

{% macro spark__integer_series(first, last, alias, column) -%}
lateral (select explode(sequence(cast({{ first }} as bigint), cast({{ last }} as bigint))) as {{ column }}) as {{ alias }}
{%- endmacro %}

{% macro spark__hash_number(text) -%}xxhash64({{ text }}){%- endmacro %}

{% macro spark__materialized_cte() -%}{%- endmacro %}

{% macro spark__local_to_utc_in_zone(ts, zone) -%}
case
    when from_utc_timestamp(to_utc_timestamp({{ ts }}, {{ zone }}) - interval 1 hour, {{ zone }}) = {{ ts }}
        then to_utc_timestamp({{ ts }}, {{ zone }}) - interval 1 hour
    when from_utc_timestamp(to_utc_timestamp({{ ts }}, {{ zone }}), {{ zone }}) = {{ ts }}
        then to_utc_timestamp({{ ts }}, {{ zone }})
end
{%- endmacro %}

{% macro spark__utc_to_local(ts, tz) -%}
{%- if tz | upper in ('UTC', 'ETC/UTC', 'GMT', 'Z') -%}
{{ ts }}
{%- else -%}
from_utc_timestamp({{ ts }}, '{{ tz | replace("'", "''") }}')
{%- endif -%}
{%- endmacro %}

{% macro spark__parse_timestamp_utc(text, tz) -%}
case
    when not {{ regex_matches(text, iso_timestamp_pattern()) }} then null
    when {{ regex_matches(text, offset_timestamp_pattern()) }}
        then try_cast({{ text }} as timestamp)
    else {{ local_to_utc(try_cast_text(text, 'timestamp'), tz) }}
end
{%- endmacro %}

{% macro spark__check_time_zone(setting, zone) %}
    {%- if zone not in modules.pytz.all_timezones -%}
        {{ exceptions.raise_compiler_error("Unknown time zone '" ~ zone ~ "' in var " ~ setting ~ ": use an IANA name such as UTC, Europe/Berlin or America/New_York.") }}
    {%- endif -%}
{% endmacro %}

{#- Spark has no DELETE on plain Parquet tables, so the `reprocess` incremental
    strategy cannot run there: on Spark every incremental model is rebuilt as a
    table, and is_incremental() is false. -#}
{% materialization incremental, adapter='spark' %}
    {{ return(materialization_table_spark()) }}
{% endmaterialization %}

{% macro is_incremental() %}
    {%- if not execute or target.type == 'spark' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.table) -%}
    {{ return(relation is not none and relation.type == 'table' and model.config.materialized == 'incremental'
              and not should_full_refresh()) }}
{% endmacro %}

{#- The project's type names (contracts, seed column types) in Spark's words. -#}
{% macro spark_type(type) -%}
{%- set spark_types = {'double precision': 'double', 'varchar': 'string', 'text': 'string'} -%}
{{ spark_types.get(type | lower, type) }}
{%- endmacro %}

{% macro spark__cast(field, type) -%}
cast({{ field }} as {{ spark_type(type) }})
{%- endmacro %}

{#- dbt-spark's seed table, with the seed column types translated by spark_type. -#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
    {%- set sql -%}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set type = spark_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
            {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {%- endset %}
    {%- call statement('_') -%}{{ sql }}{%- endcall -%}
    {{ return(sql) }}
{% endmacro %}

{#- Every match of `pattern` in `text` replaced (pattern and replacement are SQL
    string literals). -#}
{% macro regex_replace_all(text, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'contact_center')(text, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(text, pattern, replacement) -%}
regexp_replace({{ text }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(text, pattern, replacement) -%}
regexp_replace({{ text }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{#- dbt-spark's seed rows, cast to the types of spark_type; values are written as
    literals (double-quoted when they hold an apostrophe), since string literals
    keep backslashes as they are (spark.sql.parser.escapedStringLiterals). -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set value = row[loop.index0] -%}
                    {%- set text = value | string -%}
                    {%- set literal = 'null' if value is none else ('"' ~ text ~ '"' if "'" in text else "'" ~ text ~ "'") -%}
                    cast({{ literal }} as {{ spark_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) }})
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 %}{% do statements.append(sql) %}{% endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{#- The timestamp of a date at a time of day. -#}
{% macro date_at_time(day, time_of_day) -%}
    {{ return(adapter.dispatch('date_at_time', 'contact_center')(day, time_of_day)) }}
{%- endmacro %}

{% macro default__date_at_time(day, time_of_day) -%}
({{ day }} + {{ time_of_day }})
{%- endmacro %}

{% macro spark__date_at_time(day, time_of_day) -%}
cast(concat(cast({{ day }} as string), ' ', cast({{ time_of_day }} as string)) as timestamp)
{%- endmacro %}

{#- on-run-end: the roles of env MARTS_READER_ROLES, which the marts' `grants`
    config lets select from them, may also use their schema (PostgreSQL). -#}
{% macro grant_marts_schema_usage() %}
    {{ return(adapter.dispatch('grant_marts_schema_usage', 'contact_center')()) }}
{% endmacro %}

{% macro default__grant_marts_schema_usage() %}
    {{ return('select 1') }}
{% endmacro %}

{% macro postgres__grant_marts_schema_usage() %}
    {%- set roles = env_var('MARTS_READER_ROLES', '').split(',') | map('trim') | reject('equalto', '') | list -%}
    {%- if not roles -%}{{ return('select 1') }}{%- endif -%}
    {{ return('grant usage on schema ' ~ target.schema ~ ' to ' ~ roles | join(', ')) }}
{% endmacro %}

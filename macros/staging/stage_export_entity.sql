{#- One row per raw row of an export entity, parsed and judged.

    Every raw row ends in exactly one `_row_status`:
    - 'duplicate':  the same trimmed raw values were already delivered (an export
                    loaded twice, overlapping daily drops); collapses to the first copy.
    - 'rejected':   unusable; `_reject_reason` (code) and `_reject_message` say why.
    - 'superseded': valid, but a later version of the same key replaces it (ordered
                    by `version_by` when given, then by file name, then row number).
    - 'staged':     the row the staging model serves.

    Personal data never leaves this model in clear: columns of type email, phone,
    handle and name hold salted one-way hashes (macro pii_hash, var pii_salt) of
    the normalized value, prefixed by its type ('email:ann@example.com'; phones as
    digits only), and the raw row (`_raw_json`) is kept only for rows with a defect,
    which the quarantine shows so they can be fixed.

    Arguments:
    - source_name, entity: the raw relation (columns and their types come from the
      source YAML meta, see export_source_spec).
    - key: the columns that identify a record.
    - version_by: a parsed timestamp column that orders versions of a record.
    - derived: [(name, sql)] extra columns computed from parsed columns.
    - checks: [{code, when, message}] entity rules on parsed columns, in order.
    - raw_model: read this model (e.g. a Python model) instead of the source's raw table.

    The model is incremental by file: a build parses only the files it has not
    loaded yet (a file is identified by name, size and modification time) and
    re-judges only the stored rows that share a record key or fingerprint with
    them or with the rows of files that disappeared or changed, so its result is
    always the one a full rebuild gives. -#}

{% macro stage_export_entity(source_name, entity, key, version_by=none, derived=[], checks=[], raw_model=none) %}
{%- if raw_model is not none -%}
    {%- set raw_relation = ref(raw_model) -%}
    {%- set files_sql = "select distinct _file_id from " ~ this.schema ~ "." ~ raw_model -%}
{%- else -%}
    {%- set raw_relation = source(source_name, entity) -%}
    {%- set files_sql = "select _file_id from " ~ export_source_spec(source_name)[entity]['schema'] ~ "." ~ entity ~ "__files" -%}
{%- endif -%}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='file',
    current_files_sql=files_sql,
    on_schema_change='fail',
) }}
{%- set loaded_ids = [] -%}
{%- set dropped_ids = [] -%}
{%- if execute and is_incremental() -%}
    {%- set current_ids = run_query(files_sql).columns[0].values() | list -%}
    {%- for file_id in run_query("select distinct _file_id from " ~ this).columns[0].values() -%}
        {%- do loaded_ids.append(file_id) -%}
        {%- if file_id not in current_ids %}{% do dropped_ids.append(file_id) %}{% endif -%}
    {%- endfor -%}
{%- endif -%}
{%- set aliases_relation = ref('channel_aliases') -%}
{%- set states_relation = ref('agent_state_categories') -%}
{%- set columns = export_entity_columns(source_name, entity) -%}
{%- set tz = var('source_timezone') -%}
{%- set key_raw = [] -%}
{%- for k in key %}{% do key_raw.append(k ~ '__raw') %}{% endfor -%}
{%- set raw_columns = [] -%}
{%- for column in columns %}{% do raw_columns.append(column.name ~ '__raw') %}{% endfor -%}

with

source as (

    select * from {{ raw_relation }}
    {%- if loaded_ids %}
    where _file_id not in ({{ sql_string_list(loaded_ids) }})
    {%- endif %}

),

channel_aliases as (

    select
        lower(trim(alias)) as alias_key,
        channel
    from {{ aliases_relation }}

),

agent_state_categories as (

    select
        state as state_key,
        category
    from {{ states_relation }}

),

trimmed as (

    select
        _file_name,
        _file_id,
        _row_number,
        _raw_json,
        {%- for column in columns %}
        {{ clean_text(column.name) }} as {{ column.name }}__raw{{ ',' if not loop.last }}
        {%- endfor %}
    from source

),

fingerprinted as {{ materialized_cte() }} (

    {#- materialized before the windows below: a window fed straight from the file
        scan cannot spill to disk and fails when the export outgrows memory_limit #}
    select
        *,
        {{ row_fingerprint(raw_columns) if raw_columns else "''" }} as _content_hash,
        {{ record_key_expression(key_raw) }} as _record_key
    from trimmed

),

key_conflicts as (

    {#- a key that appears in one file with different content. A window over the
        materialized rows, comparing 64-bit numbers of the content hashes: windows
        sort, and sorts spill to disk. A hash aggregation over every (file, key)
        was used before and ran out of memory at 30M contacts with a 2 GB
        memory_limit (its hash table cannot spill); min/max of text cannot spill
        either (10M contacts, 3 GB). -#}
    select
        *,
        _record_key is not null
        and min({{ hash_number('_content_hash') }}) over (partition by _file_name, _record_key)
        <> max({{ hash_number('_content_hash') }}) over (partition by _file_name, _record_key) as _has_key_conflict
    from fingerprinted

),

parsed as (

    select
        {%- for column in columns %}
        {%- set raw = 'copies.' ~ column.name ~ '__raw' %}
        {%- if column.type == 'timestamp' %}
        {{ parse_timestamp_utc(raw, tz) }} as {{ column.name }},
        {{ is_nonexistent_local_time(raw, tz) }} as {{ column.name }}__nonexistent,
        {%- elif column.type == 'date' %}
        {{ parse_date(raw) }} as {{ column.name }},
        {%- elif column.type == 'integer' %}
        {{ parse_integer(raw) }} as {{ column.name }},
        {%- elif column.type == 'seconds' %}
        {{ parse_number('coalesce(' ~ raw ~ ", '" ~ (column.default if column.default is not none else '') ~ "')") if column.default is not none else parse_number(raw) }} as {{ column.name }},
        {%- elif column.type == 'decimal' %}
        {{ parse_decimal(raw) }} as {{ column.name }},
        {%- elif column.type == 'boolean' %}
        {{ parse_boolean(raw) }} as {{ column.name }},
        {%- elif column.type == 'email' %}
        {{ pii_hash("'email:' || " ~ normalize_email(raw)) }} as {{ column.name }},
        {%- elif column.type == 'phone' %}
        {{ pii_hash("'phone:' || " ~ phone_digits(raw)) }} as {{ column.name }},
        {%- elif column.type == 'handle' %}
        {{ pii_hash("'handle:' || " ~ normalize_handle(raw)) }} as {{ column.name }},
        {%- elif column.type == 'name' %}
        {{ pii_hash("'name:' || " ~ raw) }} as {{ column.name }},
        {%- elif column.type == 'enum' %}
        case
            {%- if column.default is not none %}
            when {{ raw }} is null then '{{ column.default }}'
            {%- endif %}
            when {{ normalize_enum(raw) }} in ('{{ column['values'] | join("', '") }}') then {{ normalize_enum(raw) }}
        end as {{ column.name }},
        {%- elif column.type == 'channel' %}
        {{ column.name }}__alias.channel as {{ column.name }},
        {%- elif column.type == 'agent_state' %}
        {{ column.name }}__category.state_key as {{ column.name }},
        {{ column.name }}__category.category as {{ column.name }}_category,
        {%- else %}
        {{ raw }} as {{ column.name }},
        {%- endif %}
        {%- endfor %}
        copies.*
    from key_conflicts as copies
    {%- for column in columns %}
    {%- if column.type == 'channel' %}
    left join channel_aliases as {{ column.name }}__alias
        on lower(copies.{{ column.name }}__raw) = {{ column.name }}__alias.alias_key
    {%- elif column.type == 'agent_state' %}
    left join agent_state_categories as {{ column.name }}__category
        on {{ regex_replace_all('lower(copies.' ~ column.name ~ '__raw)', "'[ _\-]+'", "' '") }} = {{ column.name }}__category.state_key
    {%- endif %}
    {%- endfor %}

),

derived as (

    select
        *
        {%- for name, expression in derived %},
        {{ expression }} as {{ name }}
        {%- endfor %}
    from parsed

),

{%- set rules = [] -%}
{%- do rules.append({'code': 'conflicting_duplicate_key', 'when': '_has_key_conflict',
    'message': "'" ~ key | join(', ') ~ " ''' || _record_key || ''' appears more than once in ' || _file_name || ' with different content'"}) -%}
{%- for column in columns if column.required -%}
    {%- do rules.append({'code': 'missing_required', 'when': column.name ~ '__raw is null',
        'message': "'" ~ column.name ~ " is required but blank'"}) -%}
{%- endfor -%}
{%- for column in columns -%}
    {%- set raw = column.name ~ '__raw' -%}
    {%- set shown = "'" ~ column.name ~ " ''' || " ~ raw ~ " || '''" -%}
    {%- if column.type == 'timestamp' -%}
        {%- do rules.append({'code': 'nonexistent_local_time', 'when': column.name ~ '__nonexistent',
            'message': shown ~ " does not exist in time zone " ~ tz ~ " (skipped by a daylight-saving change)'"}) -%}
        {%- do rules.append({'code': 'unparseable_timestamp', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not an ISO-8601 timestamp'"}) -%}
    {%- elif column.type == 'date' -%}
        {%- do rules.append({'code': 'unparseable_timestamp', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not an ISO-8601 date'"}) -%}
    {%- elif column.type in ('integer', 'seconds', 'decimal') -%}
        {%- do rules.append({'code': 'invalid_number', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not a number'"}) -%}
    {%- elif column.type == 'channel' -%}
        {%- do rules.append({'code': 'unknown_channel', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not a known channel (seed channel_aliases)'"}) -%}
    {%- elif column.type == 'agent_state' -%}
        {%- do rules.append({'code': 'unknown_agent_state', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not a known agent state (seed agent_state_categories)'"}) -%}
    {%- elif column.type == 'boolean' -%}
        {%- do rules.append({'code': 'invalid_value', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not a yes/no value'"}) -%}
    {%- elif column.type == 'enum' -%}
        {%- do rules.append({'code': 'invalid_value', 'when': raw ~ ' is not null and ' ~ column.name ~ ' is null',
            'message': shown ~ " is not one of " ~ column['values'] | join(', ') ~ "'"}) -%}
    {%- endif -%}
    {%- if column.type == 'seconds' -%}
        {%- do rules.append({'code': 'negative_duration', 'when': column.name ~ ' < 0',
            'message': shown ~ " is negative'"}) -%}
    {%- endif -%}
{%- endfor -%}
{%- for check in checks -%}{%- do rules.append(check) -%}{%- endfor %}

judged as (

    select
        *,
        case
            {%- for rule in rules %}
            when {{ rule.when }} then '{{ rule.code }}'
            {%- endfor %}
        end as _defect_reason,
        case
            {%- for rule in rules %}
            when {{ rule.when }} then {{ rule.message }}
            {%- endfor %}
        end as _defect_message
    from derived

),

{%- set stored_columns = ['_file_name', '_file_id', '_row_number', '_raw_json', '_record_key', '_content_hash'] -%}
{%- for column in columns -%}
    {%- do stored_columns.append(column.name) -%}
    {%- if column.type == 'agent_state' %}{% do stored_columns.append(column.name ~ '_category') %}{% endif -%}
{%- endfor -%}
{%- for name, expression in derived %}{% do stored_columns.append(name) %}{% endfor -%}
{%- do stored_columns.extend(['_defect_reason', '_defect_message']) %}

candidates as (

    {#- the raw row (personal data in clear) is kept only where a defect needs it -#}
    {%- set judged_columns = [] -%}
    {%- for column in stored_columns -%}
        {%- do judged_columns.append(
            'case when _defect_reason is not null then _raw_json end as _raw_json' if column == '_raw_json' else column
        ) -%}
    {%- endfor %}
    select {{ judged_columns | join(', ') }}
    from judged
    {%- if is_incremental() %}
    union all
    select {{ stored_columns | join(', ') }}
    from {{ this }} as stored
    where
        {%- if dropped_ids %}
        stored._file_id not in ({{ sql_string_list(dropped_ids) }}) and
        {%- endif %}
        (
            stored._record_key in (select judged._record_key from judged)
            or stored._content_hash in (select judged._content_hash from judged)
            {%- if dropped_ids %}
            or stored._record_key in (
                select gone._record_key from {{ this }} as gone
                where gone._file_id in ({{ sql_string_list(dropped_ids) }})
            )
            or stored._content_hash in (
                select gone._content_hash from {{ this }} as gone
                where gone._file_id in ({{ sql_string_list(dropped_ids) }})
            )
            {%- endif %}
        )
    {%- endif %}

),

copies as (

    select
        *,
        row_number() over (
            partition by _content_hash order by _file_name, _row_number
        ) = 1 as _is_first_copy
    from candidates

),

versioned as (

    select
        *,
        case when _is_first_copy then _defect_reason end as _reject_reason,
        case when _is_first_copy then _defect_message end as _reject_message,
        case
            when _is_first_copy and _defect_reason is null
                then row_number() over (
                    partition by _record_key, _is_first_copy and _defect_reason is null
                    order by
                        {%- if version_by %}
                        {{ version_by }} desc nulls last,
                        {%- endif %}
                        _file_name desc,
                        _row_number desc
                )
        end as _version_rank
    from copies

)

select
    {%- for column in stored_columns %}
    {{ column }},
    {%- endfor %}
    _reject_reason,
    _reject_message,
    _version_rank,
    case
        when not _is_first_copy then 'duplicate'
        when _reject_reason is not null then 'rejected'
        when _version_rank > 1 then 'superseded'
        else 'staged'
    end as _row_status
from versioned
{% endmacro %}

{#- The key columns joined with | (null when any is null). -#}
{% macro record_key_expression(columns) -%}
{%- if columns | length == 1 -%}
{{ columns[0] }}
{%- else -%}
{%- set parts = [] -%}
{%- for column in columns -%}
    {%- do parts.append(column) -%}
    {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
{%- endfor -%}
{{ dbt.concat(parts) }}
{%- endif -%}
{%- endmacro %}

{#- The keyword that makes a CTE be computed once and stored (spilling to disk when
    large) before the query reads it: `materialized` where the engine has it. -#}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte', 'contact_center')()) }}
{%- endmacro %}

{% macro default__materialized_cte() -%}materialized{%- endmacro %}

{#- A 64-bit number hashed from a text (aggregates of fixed-size numbers spill to
    disk; aggregates of text do not). -#}
{% macro hash_number(text) -%}
    {{ return(adapter.dispatch('hash_number', 'contact_center')(text)) }}
{%- endmacro %}

{% macro default__hash_number(text) -%}hash({{ text }}){%- endmacro %}

{#- A comma-separated list of SQL string literals. -#}
{% macro sql_string_list(values) -%}
{%- for value in values %}{{ sql_string(value) }}{{ ', ' if not loop.last }}{% endfor -%}
{%- endmacro %}

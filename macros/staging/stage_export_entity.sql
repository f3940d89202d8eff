{#- One row per raw row of an export entity, parsed and judged.

    Every raw row ends in exactly one `_row_status`:
    - 'duplicate':  the same trimmed raw values were already delivered (an export
                    loaded twice, overlapping daily drops); collapses to the first copy.
    - 'rejected':   unusable; `_reject_reason` (code) and `_reject_message` say why.
    - 'superseded': valid, but a later version of the same key replaces it (ordered
                    by `version_by` when given, then by file name, then row number).
    - 'staged':     the row the staging model serves.

    Arguments:
    - source_name, entity: the raw relation (columns and their types come from the
      source YAML meta, see export_source_spec).
    - key: the columns that identify a record.
    - version_by: a parsed timestamp column that orders versions of a record.
    - derived: [(name, sql)] extra columns computed from parsed columns.
    - checks: [{code, when, message}] entity rules on parsed columns, in order.
    - relation: read this relation instead of the source's raw table (a raw model). -#}

{% macro stage_export_entity(source_name, entity, key, version_by=none, derived=[], checks=[], relation=none) %}
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

    select * from {{ relation if relation is not none else source(source_name, entity) }}

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
        _row_number,
        _raw_json,
        {%- for column in columns %}
        {{ clean_text(column.name) }} as {{ column.name }}__raw{{ ',' if not loop.last }}
        {%- endfor %}
    from source

),

fingerprinted as (

    select
        *,
        {{ row_fingerprint(raw_columns) if raw_columns else "''" }} as _content_hash,
        {{ record_key_expression(key_raw) }} as _record_key
    from trimmed

),

copies as (

    select
        *,
        row_number() over (
            partition by _content_hash order by _file_name, _row_number
        ) as _copy_number,
        coalesce(
            _record_key is not null
            and min(_content_hash) over (partition by _file_name, _record_key)
            <> max(_content_hash) over (partition by _file_name, _record_key),
            false
        ) as _has_key_conflict
    from fingerprinted

),

parsed as (

    select
        copies.*,
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
        {{ normalize_email(raw) }} as {{ column.name }},
        {%- elif column.type == 'phone' %}
        {{ normalize_phone(raw) }} as {{ column.name }},
        {%- elif column.type == 'handle' %}
        {{ normalize_handle(raw) }} as {{ column.name }},
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
        copies._copy_number = 1 as _is_first_copy
    from copies
    {%- for column in columns %}
    {%- if column.type == 'channel' %}
    left join channel_aliases as {{ column.name }}__alias
        on lower(copies.{{ column.name }}__raw) = {{ column.name }}__alias.alias_key
    {%- elif column.type == 'agent_state' %}
    left join agent_state_categories as {{ column.name }}__category
        on regexp_replace(lower(copies.{{ column.name }}__raw), '[ _\-]+', ' ', 'g') = {{ column.name }}__category.state_key
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
            when not _is_first_copy then null
            {%- for rule in rules %}
            when {{ rule.when }} then '{{ rule.code }}'
            {%- endfor %}
        end as _reject_reason,
        case
            when not _is_first_copy then null
            {%- for rule in rules %}
            when {{ rule.when }} then {{ rule.message }}
            {%- endfor %}
        end as _reject_message
    from derived

),

versioned as (

    select
        *,
        case
            when _is_first_copy and _reject_reason is null
                then row_number() over (
                    partition by _record_key, _is_first_copy and _reject_reason is null
                    order by
                        {%- if version_by %}
                        {{ version_by }} desc nulls last,
                        {%- endif %}
                        _file_name desc,
                        _row_number desc
                )
        end as _version_rank
    from judged

)

select
    _file_name,
    _row_number,
    _raw_json,
    _record_key,
    _content_hash,
    {%- for column in columns %}
    {{ column.name }},
    {%- if column.type == 'agent_state' %}
    {{ column.name }}_category,
    {%- endif %}
    {%- endfor %}
    {%- for name, expression in derived %}
    {{ name }},
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

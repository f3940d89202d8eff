{#- Timestamps are stored as naive TIMESTAMP values in UTC.

    parse_timestamp_utc(text, tz): an ISO-8601 text to UTC. A text with an offset
    (Z, +02:00, +0200, +02) is read at that offset; a naive text is local time in `tz`.
    A repeated local time (DST fall-back) reads as its first occurrence; a local time
    that does not exist (spring-forward gap) gives null, as does anything that is not
    an ISO-8601 date or date-time. -#}

{% macro iso_timestamp_pattern() -%}
'^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)?$'
{%- endmacro %}

{% macro offset_timestamp_pattern() -%}
'[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$'
{%- endmacro %}

{% macro parse_timestamp_utc(text, tz) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'contact_center')(text, tz)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(text, tz) -%}
case
    when not {{ regex_matches(text, iso_timestamp_pattern()) }} then null
    when {{ regex_matches(text, offset_timestamp_pattern()) }}
        then timezone('UTC', {{ try_cast_text(text, 'timestamptz') }})
    else {{ local_to_utc(try_cast_text(text, 'timestamp'), tz) }}
end
{%- endmacro %}

{#- Is `text` a well-formed naive local time that does not exist in `tz`? -#}
{% macro is_nonexistent_local_time(text, tz) -%}
    {{ return(adapter.dispatch('is_nonexistent_local_time', 'contact_center')(text, tz)) }}
{%- endmacro %}

{% macro default__is_nonexistent_local_time(text, tz) -%}
{%- if tz | upper in ('UTC', 'ETC/UTC', 'GMT', 'Z') -%}
false
{%- else -%}
coalesce(
    {{ regex_matches(text, iso_timestamp_pattern()) }}
    and not {{ regex_matches(text, offset_timestamp_pattern()) }}
    and {{ try_cast_text(text, 'timestamp') }} is not null
    and {{ local_to_utc(try_cast_text(text, 'timestamp'), tz) }} is null,
    false
)
{%- endif -%}
{%- endmacro %}

{#- A naive local timestamp in `tz` to naive UTC: first occurrence when repeated,
    null when it does not exist. -#}
{% macro local_to_utc(ts, tz) -%}
    {{ return(adapter.dispatch('local_to_utc', 'contact_center')(ts, tz)) }}
{%- endmacro %}

{% macro default__local_to_utc(ts, tz) -%}
{%- if tz | upper in ('UTC', 'ETC/UTC', 'GMT', 'Z') -%}
{{ ts }}
{%- else -%}
{{ local_to_utc_in_zone(ts, "'" ~ (tz | replace("'", "''")) ~ "'") }}
{%- endif -%}
{%- endmacro %}

{#- The same, with the zone given as a SQL expression (e.g. a column). -#}
{% macro local_to_utc_in_zone(ts, zone_sql) -%}
    {{ return(adapter.dispatch('local_to_utc_in_zone', 'contact_center')(ts, zone_sql)) }}
{%- endmacro %}

{% macro default__local_to_utc_in_zone(ts, zone) -%}
case
    when timezone({{ zone }}, timezone({{ zone }}, {{ ts }}) - interval '1 hour') = {{ ts }}
        then timezone('UTC', timezone({{ zone }}, {{ ts }}) - interval '1 hour')
    when timezone({{ zone }}, timezone({{ zone }}, {{ ts }})) = {{ ts }}
        then timezone('UTC', timezone({{ zone }}, {{ ts }}))
end
{%- endmacro %}

{#- A naive UTC timestamp to naive local time in `tz`. -#}
{% macro utc_to_local(ts, tz) -%}
    {{ return(adapter.dispatch('utc_to_local', 'contact_center')(ts, tz)) }}
{%- endmacro %}

{% macro default__utc_to_local(ts, tz) -%}
{%- if tz | upper in ('UTC', 'ETC/UTC', 'GMT', 'Z') -%}
{{ ts }}
{%- else -%}
timezone('{{ tz | replace("'", "''") }}', timezone('UTC', {{ ts }}))
{%- endif -%}
{%- endmacro %}

{#- A naive local timestamp in `tz` to naive UTC, never null for a valid input: the
    first occurrence of a repeated time, and a time inside a spring-forward gap
    moved forward by the gap (as the clock would show it). For sources whose
    clocks are known to be local and unambiguous enough to keep every row. -#}
{% macro local_to_utc_lenient(ts, tz) -%}
{%- if tz | upper in ('UTC', 'ETC/UTC', 'GMT', 'Z') -%}
{{ ts }}
{%- else -%}
coalesce({{ local_to_utc(ts, tz) }}, {{ local_to_utc_shifted(ts, "'" ~ (tz | replace("'", "''")) ~ "'") }})
{%- endif -%}
{%- endmacro %}

{#- A naive local timestamp in zone `zone_sql` to naive UTC by the engine's own
    rule for times in a spring-forward gap (moved forward by the gap). -#}
{% macro local_to_utc_shifted(ts, zone_sql) -%}
    {{ return(adapter.dispatch('local_to_utc_shifted', 'contact_center')(ts, zone_sql)) }}
{%- endmacro %}

{% macro default__local_to_utc_shifted(ts, zone) -%}
timezone('UTC', timezone({{ zone }}, {{ ts }}))
{%- endmacro %}

{#- Parsing and normalizing of raw text values. Inputs are already trimmed and
    blank-to-null (see clean_text). -#}

{% macro clean_text(col) -%}
nullif(trim({{ col }}), '')
{%- endmacro %}

{#- Booleans from yes/no/true/false/1/0/y/n/t/f/да/нет/是/否, any case; null otherwise. -#}
{% macro boolean_true_words() %}{{ return(['yes', 'true', '1', 'y', 't', 'да', 'д', '是', '对']) }}{% endmacro %}
{% macro boolean_false_words() %}{{ return(['no', 'false', '0', 'n', 'f', 'нет', 'н', '否', '不']) }}{% endmacro %}

{% macro parse_boolean(text) -%}
case
    when lower({{ text }}) in ('{{ boolean_true_words() | join("', '") }}') then true
    when lower({{ text }}) in ('{{ boolean_false_words() | join("', '") }}') then false
end
{%- endmacro %}

{#- A whole number (a trailing .0 allowed); null when not integral. -#}
{% macro parse_integer(text) -%}
case
    when {% set pattern %}'^[+-]?[0-9]{1,15}(\.0*)?$'{% endset %}{{ regex_matches(text, pattern) }}
        then cast(cast({{ text }} as {{ double_type() }}) as bigint)
end
{%- endmacro %}

{#- A plain decimal number (no exponent, no thousands separator); null otherwise. -#}
{% macro parse_number(text) -%}
case
    when {% set pattern %}'^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$'{% endset %}{{ regex_matches(text, pattern) }}
        then cast({{ text }} as {{ double_type() }})
end
{%- endmacro %}

{% macro parse_decimal(text) -%}
case
    when {% set pattern %}'^[+-]?([0-9]{1,24}(\.[0-9]{0,6})?|\.[0-9]{1,6})$'{% endset %}{{ regex_matches(text, pattern) }}
        then cast({{ text }} as decimal(30, 6))
end
{%- endmacro %}

{% macro parse_date(text) -%}
case
    when {% set pattern %}'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'{% endset %}{{ regex_matches(text, pattern) }} then {{ try_cast_text(text, 'date') }}
end
{%- endmacro %}

{#- Emails compare trimmed and lower-cased. -#}
{% macro normalize_email(text) -%}
lower({{ text }})
{%- endmacro %}

{#- Messaging handles compare trimmed and lower-cased. -#}
{% macro normalize_handle(text) -%}
lower({{ text }})
{%- endmacro %}

{#- Enumerations compare lower-cased, with spaces and hyphens as underscores. -#}
{% macro normalize_enum(text) -%}
{{ regex_replace_all('lower(' ~ text ~ ')', "'[ \-]+'", "'_'") }}
{%- endmacro %}

{#- A fingerprint of a row's values, nulls distinct from every text. -#}
{% macro row_fingerprint(columns) -%}
{{ dbt.hash(dbt.concat(fingerprint_parts(columns))) }}
{%- endmacro %}

{% macro fingerprint_parts(columns) -%}
{%- set parts = [] -%}
{%- for col in columns -%}
    {%- do parts.append("coalesce('v:' || " ~ col ~ ", 'n')") -%}
    {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
{%- endfor -%}
{{ return(parts) }}
{%- endmacro %}

{#- Seconds after midnight of a clock time H:MM:SS (hour without leading zero
    allowed); null when not such a time. -#}
{% macro clock_seconds(text) -%}
case
    when {% set pattern %}'^[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]$'{% endset %}{{ regex_matches(text, pattern) }}
        then cast(split_part({{ text }}, ':', 1) as integer) * 3600
        + cast(split_part({{ text }}, ':', 2) as integer) * 60
        + cast(split_part({{ text }}, ':', 3) as integer)
end
{%- endmacro %}

{#- A date written YYMMDD (years 70-99 are 19xx, 00-69 are 20xx); null otherwise. -#}
{% macro parse_yymmdd(text) -%}
case
    when {% set pattern %}'^[0-9]{6}$'{% endset %}{{ regex_matches(text, pattern) }}
        then {{ try_cast_text(
            "(case when cast(substr(" ~ text ~ ", 1, 2) as integer) >= 70 then '19' else '20' end)"
            ~ " || substr(" ~ text ~ ", 1, 2) || '-' || substr(" ~ text ~ ", 3, 2) || '-' || substr(" ~ text ~ ", 5, 2)",
            'date'
        ) }}
end
{%- endmacro %}

{#- A day-first date-time such as 29/2/2016 01:16 (no leading zeros needed), as a
    naive timestamp; null otherwise. -#}
{% macro parse_day_first_timestamp(text) -%}
case
    when {% set pattern %}'^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$'{% endset %}{{ regex_matches(text, pattern) }}
        then coalesce({{ try_strptime(text, '%d/%m/%Y %H:%M:%S') }}, {{ try_strptime(text, '%d/%m/%Y %H:%M') }})
end
{%- endmacro %}

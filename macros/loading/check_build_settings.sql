{#- Checks the build's settings before anything runs, so a mistake stops with one
    message naming it. -#}
{% macro check_build_settings() %}
    {%- if execute -%}
        {%- for setting in ['source_timezone', 'reporting_timezone'] -%}
            {%- do check_time_zone(setting, var(setting)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}

{% macro check_time_zone(setting, zone) %}
    {{ return(adapter.dispatch('check_time_zone', 'contact_center')(setting, zone)) }}
{% endmacro %}

{% macro default__check_time_zone(setting, zone) %}
    {%- set found = run_query("select count(*) from pg_timezone_names() where name = " ~ sql_string(zone)) -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ exceptions.raise_compiler_error("Unknown time zone '" ~ zone ~ "' in var " ~ setting ~ ": use an IANA name such as UTC, Europe/Berlin or America/New_York.") }}
    {%- endif -%}
{% endmacro %}

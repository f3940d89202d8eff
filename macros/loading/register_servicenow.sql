{#- Registers a ServiceNow incident event log (one row per update of an incident)
    as raw relation raw_servicenow.incident_events: every *.csv and *.csv.gz file in
    the folder named by env SERVICENOW_EXPORT_DIR; '?' is read as missing. Without
    the variable the relation is empty. -#}
{% macro servicenow_columns() %}
    {%- set columns = [] -%}
    {%- for name in [
        'number', 'incident_state', 'active', 'reassignment_count', 'reopen_count', 'sys_mod_count',
        'made_sla', 'caller_id', 'opened_at', 'sys_updated_at', 'contact_type', 'category',
        'priority', 'assignment_group', 'assigned_to', 'resolved_at', 'closed_at',
    ] -%}
        {%- do columns.append({'name': name, 'required': name in ('number', 'incident_state', 'sys_mod_count', 'opened_at', 'sys_updated_at')}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{% macro register_servicenow() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set folder = env_var('SERVICENOW_EXPORT_DIR', '') | trim -%}
        {%- set selects = [] -%}
        {%- set listing = {} -%}
        {%- if folder -%}
            {%- set folder = folder.rstrip('/') -%}
            {%- set listing = export_file_listing([folder ~ '/*.csv', folder ~ '/*.csv.gz']) -%}
            {%- set paths = listing.keys() | list -%}
            {%- if paths | length == 0 -%}
                {{ exceptions.raise_compiler_error("SERVICENOW_EXPORT_DIR '" ~ folder ~ "' has no *.csv or *.csv.gz incident event log.") }}
            {%- endif -%}
            {%- for path in paths -%}
                {%- set reader = "read_csv(" ~ sql_string(path) ~ ", all_varchar = true, header = true, delim = ',', quote = '\"', nullstr = '?')" -%}
                {%- do selects.append(raw_file_select(reader, path.split('/')[-1], servicenow_columns(), 'row_number() over ()', 'servicenow incident events', listing[path])) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do create_raw_view('raw_servicenow', 'incident_events', selects, servicenow_columns(), listing.values() | list) -%}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}

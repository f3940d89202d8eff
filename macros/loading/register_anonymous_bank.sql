{#- Registers the Technion "Anonymous Bank" call logs as raw relation
    raw_anonymous_bank.calls: every *.txt file (tab-separated monthly files, one row
    per call) in the folder named by env ANONYMOUS_BANK_DIR. Without the variable
    the relation is empty and the source simply contributes nothing. -#}
{% macro anonymous_bank_columns() %}
    {%- set names = [
        ('vru_line', 'vru+line'), ('call_id', 'call_id'), ('customer_id', 'customer_id'),
        ('priority', 'priority'), ('type', 'type'), ('date', 'date'), ('vru_entry', 'vru_entry'),
        ('vru_exit', 'vru_exit'), ('vru_time', 'vru_time'), ('q_start', 'q_start'), ('q_exit', 'q_exit'),
        ('q_time', 'q_time'), ('outcome', 'outcome'), ('ser_start', 'ser_start'), ('ser_exit', 'ser_exit'),
        ('ser_time', 'ser_time'), ('server', 'server'),
    ] -%}
    {%- set columns = [] -%}
    {%- for name, header in names -%}
        {%- do columns.append({'name': name, 'header': header, 'required': true}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{% macro register_anonymous_bank() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set folder = env_var('ANONYMOUS_BANK_DIR', '') | trim -%}
        {%- set selects = [] -%}
        {%- set listing = {} -%}
        {%- if folder -%}
            {%- set folder = folder.rstrip('/') -%}
            {%- set listing = export_file_listing([folder ~ '/*.txt']) -%}
            {%- set paths = listing.keys() | list -%}
            {%- if paths | length == 0 -%}
                {{ exceptions.raise_compiler_error("ANONYMOUS_BANK_DIR '" ~ folder ~ "' has no *.txt call-log files (tab-separated monthly files such as 01_January.txt).") }}
            {%- endif -%}
            {%- for path in paths -%}
                {%- set reader = "read_csv(" ~ sql_string(path) ~ ", all_varchar = true, header = true, delim = '\t', quote = '\"', null_padding = true)" -%}
                {%- do selects.append(raw_file_select(reader, path.split('/')[-1], anonymous_bank_columns(), 'row_number() over ()', 'anonymous_bank calls', listing[path])) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- do create_raw_view('raw_anonymous_bank', 'calls', selects, anonymous_bank_columns(), listing.values() | list) -%}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}

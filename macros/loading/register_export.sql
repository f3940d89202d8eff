{#- Registers the files of an export folder as the raw relations of a source.

    For each entity of the source, every file in `export_dir` named
    `<entity>*.csv`, `<entity>*.csv.gz` or `<entity>*.parquet` is read with all
    columns as text; headers match the format's column names case-insensitively
    (surrounding spaces ignored). The raw relation has the format's columns (an
    absent optional column is null), `_file_name`, `_row_number` (1-based data row
    within its file) and `_raw_json` (the whole row, extra columns included).
    A folder without export files, a missing required entity, and a file that lacks
    a required column stop the build with a message naming the problem.
    On DuckDB the relations are views over the files; on engines that cannot read
    the files, scripts/load_exports.py writes tables of the same shape. -#}

{% macro register_crm_export() %}
    {%- if execute and target.type == 'duckdb' -%}
        {%- do register_export_files('crm_export', var('crm_export_dir'), 'CRM_EXPORT_DIR', required_entities=['contacts']) -%}
    {%- endif -%}
    {{ return('select 1') }}
{% endmacro %}

{% macro sql_string(value) -%}
'{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro sql_identifier(value) -%}
"{{ value | string | replace('"', '""') }}"
{%- endmacro %}

{% macro export_file_format(file_name) %}
    {%- set lowered = file_name | lower -%}
    {%- if lowered.endswith('.csv') or lowered.endswith('.csv.gz') -%}
        {{ return('csv') }}
    {%- elif lowered.endswith('.parquet') -%}
        {{ return('parquet') }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{#- The reader of one export file. A CSV file is read with its header's column
    names given (all text), so DuckDB does not sniff every file at every scan. -#}
{% macro export_file_reader(path, file_format, headers=none) -%}
{%- if file_format == 'csv' -%}
    {%- set typed = [] -%}
    {%- for header in headers -%}{%- do typed.append(sql_string(header) ~ ": 'varchar'") -%}{%- endfor -%}
read_csv({{ sql_string(path) }}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = { {{- typed | join(', ') -}} })
{%- else -%}
read_parquet({{ sql_string(path) }}, file_row_number = true)
{%- endif -%}
{%- endmacro %}

{#- The first line of each CSV file in `paths` ({path: line}), read in one query
    per 500 files. -#}
{% macro csv_first_lines(paths) %}
    {%- set lines = {} -%}
    {%- for batch in paths | batch(500) -%}
        {%- set selects = [] -%}
        {%- for path in batch -%}
            {%- do selects.append(
                "(select " ~ loop.index0 ~ " as position, line from read_csv(" ~ sql_string(path)
                ~ ", header = false, auto_detect = false, columns = {'line': 'varchar'}, delim = '\\0', quote = '', escape = '', strict_mode = false) limit 1)"
            ) -%}
        {%- endfor -%}
        {%- for row in run_query(selects | join("\nunion all\n")).rows -%}
            {%- do lines.update({batch[row[0]]: row[1] or ''}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(lines) }}
{% endmacro %}

{#- The column names in the first line of a CSV export file, as DuckDB's own
    header detection names them: quotes removed ("" inside quotes is one "),
    spaces trimmed, a blank name becomes column<position> and a name repeated
    (ignoring case) gets _1, _2, ... (DuckDB drops a byte-order mark and the line end). -#}
{% macro csv_header_names(line) %}
    {%- set names = [] -%}
    {%- set state = {'field': '', 'quoted': false, 'previous': ''} -%}
    {%- if '"' not in (line or '') -%}
        {%- do names.extend((line or '').split(',')) -%}
    {%- endif -%}
    {%- for char in ((line ~ ',') if '"' in (line or '') else '') | list -%}
        {%- if state.quoted -%}
            {%- if char == '"' -%}
                {%- do state.update({'quoted': false, 'previous': '"'}) -%}
            {%- else -%}
                {%- do state.update({'field': state.field ~ char, 'previous': char}) -%}
            {%- endif -%}
        {%- elif char == '"' -%}
            {#- an opening quote, or the second of a doubled "" inside quotes -#}
            {%- do state.update({'field': state.field ~ ('"' if state.previous == '"' else ''), 'quoted': true, 'previous': ''}) -%}
        {%- elif char == ',' -%}
            {%- do names.append(state.field) -%}
            {%- do state.update({'field': '', 'previous': ''}) -%}
        {%- else -%}
            {%- do state.update({'field': state.field ~ char, 'previous': char}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set unique = [] -%}
    {%- set seen = {} -%}
    {%- for name in names -%}
        {%- set named = name | trim or 'column' ~ loop.index0 -%}
        {%- set key = named | lower -%}
        {%- if key in seen -%}
            {%- do seen.update({key: seen[key] + 1}) -%}
            {%- do unique.append(named ~ '_' ~ seen[key]) -%}
        {%- else -%}
            {%- do seen.update({key: 0}) -%}
            {%- do unique.append(named) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(unique) }}
{% endmacro %}

{% macro register_export_files(source_name, export_dir, setting_name, required_entities=[]) %}
    {%- set spec = export_source_spec(source_name) -%}
    {%- set folder = (export_dir | string).rstrip('/') -%}
    {%- set listing = export_file_listing([folder ~ '/*']) -%}
    {%- set paths = listing.keys() | list -%}
    {%- if paths | length == 0 -%}
        {{ exceptions.raise_compiler_error(setting_name ~ " '" ~ folder ~ "' is not a folder with export files (no file found there). Point " ~ setting_name ~ " at the folder that holds the <entity>*.csv, *.csv.gz or *.parquet files.") }}
    {%- endif -%}

    {#- Longest entity names first, so a name that is a prefix of another never steals its files. -#}
    {%- set entities = spec.keys() | list | sort | reverse | list -%}
    {%- set files_by_entity = {} -%}
    {%- for entity in spec.keys() -%}{%- do files_by_entity.update({entity: []}) -%}{%- endfor -%}
    {%- for path in paths -%}
        {%- set name = path.split('/')[-1] -%}
        {%- set file_format = export_file_format(name) -%}
        {%- set matched = [] -%}
        {%- for entity in entities if not matched and file_format is not none and (name | lower).startswith(entity) -%}
            {%- do files_by_entity[entity].append({'path': path, 'name': name, 'format': file_format, 'id': listing[path]}) -%}
            {%- do matched.append(entity) -%}
        {%- endfor -%}
        {%- if not matched -%}
            {%- do log("Export file ignored (not <entity>*.csv, *.csv.gz or *.parquet of a known entity): " ~ name, info=true) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set csv_paths = [] -%}
    {%- for files in files_by_entity.values() -%}
        {%- for file in files if file.format == 'csv' -%}{%- do csv_paths.append(file.path) -%}{%- endfor -%}
    {%- endfor -%}
    {%- set first_lines = csv_first_lines(csv_paths) -%}

    {%- for entity, entity_spec in spec.items() -%}
        {%- set schema = entity_spec['schema'] -%}
        {%- set columns = entity_spec['columns'] -%}
        {%- set files = files_by_entity[entity] -%}
        {%- if files | length == 0 and entity in required_entities -%}
            {{ exceptions.raise_compiler_error(setting_name ~ " '" ~ folder ~ "' has no " ~ entity ~ " files (" ~ entity ~ "*.csv, " ~ entity ~ "*.csv.gz or " ~ entity ~ "*.parquet); " ~ entity ~ " are required.") }}
        {%- endif -%}
        {%- set selects = [] -%}
        {%- for file in files -%}
            {%- set row_number = "row_number() over ()" if file.format == 'csv' else "f.file_row_number + 1" -%}
            {%- set headers = csv_header_names(first_lines.get(file.path, '')) if file.format == 'csv' else none -%}
            {%- do selects.append(raw_file_select(
                export_file_reader(file.path, file.format, headers), file.name, columns, row_number, entity, file.id, headers
            )) -%}
        {%- endfor -%}
        {%- do create_raw_view(schema, entity, selects, columns, files | map(attribute='id') | list) -%}
    {%- endfor -%}
{% endmacro %}

{#- The select that reads one raw file as text columns: `columns` are
    {name, required, header (default: name)} matched case-insensitively against the
    file's headers (`headers`, or the reader's columns when not given); a missing
    required column stops the build naming the file. -#}
{% macro raw_file_select(reader_sql, file_name, columns, row_number_sql, label, file_id, headers=none) %}
    {%- if headers is none -%}
        {%- set headers = run_query("describe select * from " ~ reader_sql).columns[0].values() | list -%}
    {%- endif -%}
    {%- set by_name = {} -%}
    {%- for header in headers if header != 'file_row_number' -%}
        {%- set canonical = header | trim | lower -%}
        {%- if canonical not in by_name -%}{%- do by_name.update({canonical: header}) -%}{%- endif -%}
    {%- endfor -%}
    {%- set projections = [] -%}
    {%- for column in columns -%}
        {%- set wanted = (column.get('header') or column.name) | lower -%}
        {%- if wanted in by_name -%}
            {%- do projections.append("cast(f." ~ sql_identifier(by_name[wanted]) ~ " as varchar) as " ~ column.name) -%}
        {%- elif column.required -%}
            {{ exceptions.raise_compiler_error("Export file " ~ file_name ~ " (" ~ label ~ ") has no column '" ~ wanted ~ "', which is required. Its columns are: " ~ (headers | join(', ')) ~ ".") }}
        {%- else -%}
            {%- do projections.append("cast(null as varchar) as " ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(
        "select " ~ sql_string(file_name) ~ " as _file_name, " ~ sql_string(file_id) ~ " as _file_id, cast(" ~ row_number_sql ~ " as bigint) as _row_number, "
        ~ projections | join(', ') ~ ", cast(to_json(f) as varchar) as _raw_json from " ~ reader_sql ~ " as f"
    ) }}
{% endmacro %}

{#- The files matching any of `patterns`: {path: file id}, in path order. A file id
    is the file name with its size and modification time, so a file replaced by
    different content under the same name counts as a new file for incremental
    builds. -#}
{% macro export_file_listing(patterns) %}
    {%- set globs = [] -%}
    {%- for pattern in patterns -%}
        {%- do globs.append("select file from glob(" ~ sql_string(pattern) ~ ")") -%}
    {%- endfor -%}
    {%- set paths = run_query(globs | join(' union all ')).columns[0].values() | list -%}
    {%- set files = {} -%}
    {%- if paths -%}
        {%- set quoted = [] -%}
        {%- for path in paths -%}{%- do quoted.append(sql_string(path)) -%}{%- endfor -%}
        {%- set listing = run_query(
            "select filename, size, epoch_ms(last_modified) from read_blob([" ~ quoted | join(', ') ~ "]) order by filename"
        ) -%}
        {%- for row in listing.rows -%}
            {%- do files.update({row[0]: row[0].split('/')[-1] ~ ':' ~ row[1] ~ ':' ~ row[2]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(files) }}
{% endmacro %}

{#- Creates (or replaces) a raw view from per-file selects (with no file, an empty
    view of the same columns) and, beside it, the view `<table>__files` listing the
    ids of the files it reads (`_file_id`), which incremental staging compares with
    the files it has already loaded. -#}
{% macro create_raw_view(schema, table, selects, columns, file_ids) %}
    {%- set parts = selects | list -%}
    {%- if parts | length == 0 -%}
        {%- set empty_columns = [] -%}
        {%- for column in columns -%}{%- do empty_columns.append("cast(null as varchar) as " ~ column.name) -%}{%- endfor -%}
        {%- do parts.append("select cast(null as varchar) as _file_name, cast(null as varchar) as _file_id, cast(null as bigint) as _row_number, " ~ empty_columns | join(', ') ~ ", cast(null as varchar) as _raw_json where false") -%}
    {%- endif -%}
    {%- set id_rows = [] -%}
    {%- for file_id in file_ids -%}{%- do id_rows.append("select " ~ sql_string(file_id) ~ " as _file_id") -%}{%- endfor -%}
    {%- do id_rows.append("select cast(null as varchar) as _file_id where false") -%}
    {%- do run_query("create schema if not exists " ~ schema) -%}
    {%- do run_query("create or replace view " ~ schema ~ "." ~ table ~ " as\n" ~ parts | join("\nunion all\n")) -%}
    {%- do run_query("create or replace view " ~ schema ~ "." ~ table ~ "__files as\n" ~ id_rows | join("\nunion all\n")) -%}
{% endmacro %}

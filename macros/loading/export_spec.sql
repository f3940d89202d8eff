{#- The export format as declared in a source's YAML: {entity: [column, ...]} where
    each column is {name, type, required, values, default} from the column's meta.
    Columns whose names start with an underscore (_file_name, _row_number,
    _raw_json) are added by the loader and are not part of the format. -#}
{% macro export_source_spec(source_name) %}
    {%- set spec = {} -%}
    {%- for node in graph.sources.values() if node.source_name == source_name -%}
        {%- set columns = [] -%}
        {%- for column in node.columns.values() if not column.name.startswith('_') -%}
            {%- set meta = {} -%}
            {%- do meta.update(column.get('meta') or {}) -%}
            {%- do meta.update((column.get('config') or {}).get('meta') or {}) -%}
            {%- do columns.append({
                'name': column.name,
                'type': meta.get('type', 'text'),
                'required': meta.get('required', false),
                'values': meta.get('values', []),
                'default': meta.get('default'),
            }) -%}
        {%- endfor -%}
        {%- do spec.update({node.name: {'schema': node.schema, 'columns': columns}}) -%}
    {%- endfor -%}
    {{ return(spec) }}
{% endmacro %}

{% macro export_entity_columns(source_name, entity) %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set spec = export_source_spec(source_name) -%}
    {%- if entity not in spec -%}
        {{ exceptions.raise_compiler_error("Source " ~ source_name ~ " has no table " ~ entity) }}
    {%- endif -%}
    {{ return(spec[entity]['columns']) }}
{% endmacro %}

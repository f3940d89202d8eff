{#- The export formats the project reads, by source name: {entity: {schema, columns}}
    where each column is {name, type, required, values, default}. -#}
{% macro export_source_spec(source_name) %}
    {%- set formats = {'crm_export': crm_export_format(), 'anonymous_bank': {'calls': anonymous_bank_columns()}, 'servicenow': {'incident_events': servicenow_columns()}, 'twcs': {'tweets': twcs_columns()}} -%}
    {%- if source_name not in formats -%}
        {{ exceptions.raise_compiler_error("No export format is defined for source " ~ source_name) }}
    {%- endif -%}
    {%- set spec = {} -%}
    {%- for entity, columns in formats[source_name].items() -%}
        {%- set normalized = [] -%}
        {%- for column in columns -%}
            {%- do normalized.append({
                'name': column['name'],
                'type': column.get('type', 'text'),
                'required': column.get('required', false),
                'values': column.get('values', []),
                'default': column.get('default'),
            }) -%}
        {%- endfor -%}
        {%- do spec.update({entity: {'schema': 'raw_' ~ source_name, 'columns': normalized}}) -%}
    {%- endfor -%}
    {{ return(spec) }}
{% endmacro %}

{% macro export_entity_columns(source_name, entity) %}
    {%- set spec = export_source_spec(source_name) -%}
    {%- if entity not in spec -%}
        {{ exceptions.raise_compiler_error("Source " ~ source_name ~ " has no entity " ~ entity) }}
    {%- endif -%}
    {{ return(spec[entity]['columns']) }}
{% endmacro %}

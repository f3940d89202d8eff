{#- No text column of the model holds an email address or a phone number: a value
    containing name@domain.tld, or a run of 9 or more digits (spaces, dots, hyphens
    and brackets allowed between them) not glued to letters or digits. Keys,
    hashes and source ids are skipped (identifiers, not personal data). -#}
{% test no_personal_data(model) %}
    {%- set columns = adapter.get_columns_in_relation(model) if execute else [] -%}
    {%- set text_columns = [] -%}
    {%- for column in columns if column.is_string() and not column.name.endswith(('_key', '_hash', '_id')) -%}
        {%- do text_columns.append(column.name) -%}
    {%- endfor -%}
    {%- if text_columns | length == 0 %}
select null as column_name, null as value where false
    {%- else %}
        {%- for name in text_columns %}
select
    '{{ name }}' as column_name,
    {{ name }} as value
from {{ model }}
where
    {% set email %}'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'{% endset %}{{ regex_matches(name, email) }}
    {% set phone %}'(^|[^0-9A-Za-z])\+?[0-9][0-9 .()\-]{7,}[0-9]([^0-9A-Za-z]|$)'{% endset %}or {{ regex_matches(name, phone) }}
            {%- if not loop.last %}
union all
            {%- endif %}
        {%- endfor %}
    {%- endif %}
{% endtest %}

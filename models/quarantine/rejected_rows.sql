{#- Every raw row that could not be used, with the reason. Rows never vanish: a raw
    row is staged, rejected here, or collapsed as a duplicate or superseded version
    (see the row_accounting tests). -#}
{%- set bases = [
    ('crm_export', 'agents'), ('crm_export', 'customers'), ('crm_export', 'contacts'),
    ('crm_export', 'messages'), ('crm_export', 'ticket_events'), ('crm_export', 'agent_states'),
    ('crm_export', 'surveys'), ('crm_export', 'orders'), ('anonymous_bank', 'calls'),
    ('servicenow', 'incident_events'), ('twcs', 'tweets'),
] -%}

with

unioned as (
    {% for source_system, entity in bases %}
        select
            '{{ source_system }}' as source_system,
            '{{ entity }}' as entity,
            _file_name as file_name,
            _row_number as row_number,
            _raw_json as raw_row,
            _reject_reason as reason_code,
            _reject_message as reason_message
        from {{ ref('base_' ~ source_system ~ '__' ~ entity) }}
        where _row_status = 'rejected'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from unioned

{#- Every raw row that could not be used, with the reason. Rows never vanish: a raw
    row is staged, rejected here, or collapsed as a duplicate or superseded version
    (see the row_accounting tests). -#}
{%- set entities = [
    'agents', 'customers', 'contacts', 'messages',
    'ticket_events', 'agent_states', 'surveys', 'orders',
] -%}

with

unioned as (
    {% for entity in entities %}
        select
            'crm_export' as source_system,
            '{{ entity }}' as entity,
            _file_name as file_name,
            _row_number as row_number,
            _raw_json as raw_row,
            _reject_reason as reason_code,
            _reject_message as reason_message
        from {{ ref('base_crm_export__' ~ entity) }}
        where _row_status = 'rejected'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from unioned

{#- The staged contacts of every source system, in the canonical contact shape
    (docs/export_format.md). Each source's staging model selects exactly these
    columns; a source without data contributes no rows. -#}
{% macro contact_contract_columns() %}
    {{ return([
        'source_system', 'contact_id', 'channel', 'direction', 'queue', 'customer_id',
        'customer_email_hash', 'customer_phone_hash', 'created_at', 'queued_at', 'answered_at', 'ended_at',
        'wrap_ended_at', 'agent_id', 'hold_seconds', 'disposition', 'resolved_on_contact',
        'transferred_from_contact_id', 'updated_at', 'source_outcome', 'reported_wait_seconds',
        'reported_talk_seconds', 'contact_subtype', 'priority', 'data_quality_flag',
        'reported_resolved_at', 'is_sla_met', 'handoff_count', 'reported_reopen_count',
        'source_file_name', 'source_row_number',
    ]) }}
{% endmacro %}

{% macro staged_contact_models() %}
    {{ return(['stg_crm_export__contacts', 'stg_anonymous_bank__calls', 'stg_servicenow__incidents']) }}
{% endmacro %}

{% macro union_staged_contacts() %}
    {%- for model in staged_contact_models() %}
    select {{ contact_contract_columns() | join(', ') }}
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{#- Ticket status histories of every source system. -#}
{% macro union_staged_ticket_events() %}
    {%- for model in ['stg_crm_export__ticket_events', 'stg_servicenow__ticket_events'] %}
    select source_system, contact_id, status, changed_at
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{#- Messages of every source system in the canonical message shape. -#}
{% macro union_staged_messages(where=none) %}
    {%- for model in ['stg_crm_export__messages', 'stg_twcs__messages'] %}
    select
        source_system, message_id, contact_id, channel, customer_id, customer_handle_hash,
        sender_type, agent_id, sent_at, text_length, queue
    from {{ ref(model) }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}

{#- Typed nulls for canonical contact columns a source does not have, each followed
    by a comma (place it before further columns of the select list). -#}
{% macro absent_contact_columns(names) -%}
    {%- set text = dbt.type_string() -%}
    {%- set types = {
        'customer_email_hash': text, 'customer_phone_hash': text, 'wrap_ended_at': 'timestamp',
        'disposition': text, 'resolved_on_contact': 'boolean', 'transferred_from_contact_id': text,
        'updated_at': 'timestamp', 'source_outcome': text, 'reported_wait_seconds': double_type(),
        'reported_talk_seconds': double_type(), 'contact_subtype': text, 'priority': text,
        'data_quality_flag': text, 'reported_resolved_at': 'timestamp', 'is_sla_met': 'boolean',
        'handoff_count': 'bigint', 'reported_reopen_count': 'bigint',
    } -%}
    {%- for name in names %}
        cast(null as {{ types[name] }}) as {{ name }},
    {%- endfor %}
{%- endmacro %}

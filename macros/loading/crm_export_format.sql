{#- Canonical export format v1 of the CRM export: per entity, its columns in order,
    with the type staging parses them as and whether they are required. This is
    the one definition the loader (register_export_files) and staging
    (stage_export_entity) read; the source YAML describes the same columns and
    tests/python/test_export_format.py keeps the two in step. -#}
{% macro crm_export_format() %}
{{ return({
    'agents': [
        {'name': 'agent_id', 'type': 'text', 'required': true},
        {'name': 'agent_name', 'type': 'text'},
        {'name': 'team', 'type': 'text'},
        {'name': 'site', 'type': 'text'},
        {'name': 'email', 'type': 'email'},
        {'name': 'hired_on', 'type': 'date'},
        {'name': 'active', 'type': 'boolean'},
    ],
    'customers': [
        {'name': 'customer_id', 'type': 'text', 'required': true},
        {'name': 'full_name', 'type': 'name'},
        {'name': 'email', 'type': 'email'},
        {'name': 'phone', 'type': 'phone'},
        {'name': 'country', 'type': 'text'},
        {'name': 'created_at', 'type': 'timestamp'},
        {'name': 'updated_at', 'type': 'timestamp'},
    ],
    'contacts': [
        {'name': 'contact_id', 'type': 'text', 'required': true},
        {'name': 'channel', 'type': 'channel', 'required': true},
        {'name': 'direction', 'type': 'enum', 'values': ['inbound', 'outbound'], 'default': 'inbound'},
        {'name': 'queue', 'type': 'text'},
        {'name': 'customer_id', 'type': 'text'},
        {'name': 'customer_email', 'type': 'email'},
        {'name': 'customer_phone', 'type': 'phone'},
        {'name': 'created_at', 'type': 'timestamp', 'required': true},
        {'name': 'queued_at', 'type': 'timestamp'},
        {'name': 'answered_at', 'type': 'timestamp'},
        {'name': 'ended_at', 'type': 'timestamp'},
        {'name': 'wrap_ended_at', 'type': 'timestamp'},
        {'name': 'agent_id', 'type': 'text'},
        {'name': 'hold_seconds', 'type': 'seconds', 'default': '0'},
        {'name': 'disposition', 'type': 'text'},
        {'name': 'resolved_on_contact', 'type': 'boolean'},
        {'name': 'transferred_from_contact_id', 'type': 'text'},
        {'name': 'updated_at', 'type': 'timestamp'},
    ],
    'messages': [
        {'name': 'message_id', 'type': 'text', 'required': true},
        {'name': 'contact_id', 'type': 'text'},
        {'name': 'channel', 'type': 'channel'},
        {'name': 'customer_id', 'type': 'text'},
        {'name': 'customer_handle', 'type': 'handle'},
        {'name': 'sender_type', 'type': 'enum', 'required': true, 'values': ['customer', 'agent', 'bot', 'system']},
        {'name': 'agent_id', 'type': 'text'},
        {'name': 'sent_at', 'type': 'timestamp', 'required': true},
        {'name': 'text_length', 'type': 'integer'},
    ],
    'ticket_events': [
        {'name': 'contact_id', 'type': 'text', 'required': true},
        {'name': 'status', 'type': 'enum', 'required': true, 'values': ['new', 'open', 'pending', 'on_hold', 'solved', 'closed']},
        {'name': 'changed_at', 'type': 'timestamp', 'required': true},
    ],
    'agent_states': [
        {'name': 'agent_id', 'type': 'text', 'required': true},
        {'name': 'state', 'type': 'agent_state', 'required': true},
        {'name': 'started_at', 'type': 'timestamp', 'required': true},
        {'name': 'ended_at', 'type': 'timestamp'},
    ],
    'surveys': [
        {'name': 'response_id', 'type': 'text', 'required': true},
        {'name': 'contact_id', 'type': 'text', 'required': true},
        {'name': 'survey_type', 'type': 'enum', 'required': true, 'values': ['csat', 'nps', 'fcr']},
        {'name': 'score', 'type': 'score', 'required': true},
        {'name': 'responded_at', 'type': 'timestamp'},
    ],
    'orders': [
        {'name': 'order_id', 'type': 'text', 'required': true},
        {'name': 'customer_id', 'type': 'text', 'required': true},
        {'name': 'ordered_at', 'type': 'timestamp', 'required': true},
        {'name': 'amount', 'type': 'decimal'},
        {'name': 'currency', 'type': 'text'},
    ],
}) }}
{% endmacro %}

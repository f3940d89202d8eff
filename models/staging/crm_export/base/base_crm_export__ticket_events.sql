{{ stage_export_entity(
    source_name='crm_export',
    entity='ticket_events',
    key=['contact_id', 'status', 'changed_at'],
) }}

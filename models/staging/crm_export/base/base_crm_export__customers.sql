{{ stage_export_entity(
    source_name='crm_export',
    entity='customers',
    key=['customer_id'],
    version_by='updated_at',
) }}

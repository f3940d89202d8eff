{{ stage_export_entity(
    source_name='crm_export',
    entity='orders',
    key=['order_id'],
) }}

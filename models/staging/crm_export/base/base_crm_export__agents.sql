{{ stage_export_entity(
    source_name='crm_export',
    entity='agents',
    key=['agent_id'],
) }}

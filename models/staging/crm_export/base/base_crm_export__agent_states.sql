{{ stage_export_entity(
    source_name='crm_export',
    entity='agent_states',
    key=['agent_id', 'started_at'],
    checks=[
        {'code': 'end_before_start', 'when': 'ended_at < started_at',
         'message': "'ended_at is before started_at'"},
    ],
) }}

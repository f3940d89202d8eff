{{ stage_export_entity(
    source_name='crm_export',
    entity='contacts',
    key=['contact_id'],
    version_by='updated_at',
    checks=[
        {'code': 'end_before_start', 'when': 'queued_at < created_at',
         'message': "'queued_at is before created_at'"},
        {'code': 'end_before_start', 'when': 'answered_at < coalesce(queued_at, created_at)',
         'message': "'answered_at is before ' || case when queued_at is null then 'created_at' else 'queued_at' end"},
        {'code': 'end_before_start', 'when': 'ended_at < coalesce(answered_at, queued_at, created_at)',
         'message': "'ended_at is before ' || case when answered_at is not null then 'answered_at' when queued_at is not null then 'queued_at' else 'created_at' end"},
        {'code': 'end_before_start', 'when': 'wrap_ended_at < ended_at',
         'message': "'wrap_ended_at is before ended_at'"},
    ],
) }}

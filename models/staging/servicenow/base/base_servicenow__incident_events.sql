{{ stage_export_entity(
    source_name='servicenow',
    entity='incident_events',
    key=['number', 'sys_mod_count', 'sys_updated_at'],
    derived=[
        ('opened_local', parse_day_first_timestamp('opened_at__raw')),
        ('updated_local', parse_day_first_timestamp('sys_updated_at__raw')),
        ('resolved_local', parse_day_first_timestamp('resolved_at__raw')),
        ('closed_local', parse_day_first_timestamp('closed_at__raw')),
        ('mod_count', parse_integer('sys_mod_count__raw')),
        ('status',
         "case when incident_state__raw = 'New' then 'new' when incident_state__raw = 'Active' then 'open'"
         ~ " when incident_state__raw like 'Awaiting%' then 'pending' when incident_state__raw = 'Resolved' then 'solved'"
         ~ " when incident_state__raw = 'Closed' then 'closed' end"),
    ],
    checks=[
        {'code': 'unparseable_timestamp', 'when': 'opened_local is null or updated_local is null',
         'message': "'opened_at ''' || opened_at__raw || ''' or sys_updated_at ''' || sys_updated_at__raw || ''' is not a dd/mm/yyyy hh:mm time'"},
        {'code': 'unparseable_timestamp', 'when': '(resolved_at__raw is not null and resolved_local is null) or (closed_at__raw is not null and closed_local is null)',
         'message': "'resolved_at ''' || coalesce(resolved_at__raw, '') || ''' or closed_at ''' || coalesce(closed_at__raw, '') || ''' is not a dd/mm/yyyy hh:mm time'"},
        {'code': 'invalid_number', 'when': 'mod_count is null',
         'message': "'sys_mod_count ''' || sys_mod_count__raw || ''' is not a whole number'"},
        {'code': 'invalid_value', 'when': 'status is null',
         'message': "'incident_state ''' || incident_state__raw || ''' is not New, Active, Awaiting ..., Resolved or Closed'"},
    ],
) }}

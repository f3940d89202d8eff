{{ stage_export_entity(
    source_name='crm_export',
    entity='messages',
    key=['message_id'],
    checks=[
        {'code': 'missing_required', 'when': 'contact_id is null and channel__raw is null',
         'message': "'channel is required when contact_id is blank'"},
        {'code': 'missing_required', 'when': 'contact_id is null and customer_id is null and customer_handle is null',
         'message': "'customer_id or customer_handle is required when contact_id is blank'"},
        {'code': 'invalid_number', 'when': 'text_length < 0',
         'message': "'text_length ''' || text_length__raw || ''' is negative'"},
    ],
) }}

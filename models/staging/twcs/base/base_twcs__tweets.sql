{{ stage_export_entity(
    source_name='twcs',
    entity='tweets',
    key=['tweet_id'],
    raw_model='raw_twcs__tweets',
    derived=[
        ('tweeted_at', try_strptime('created_at__raw', '%a %b %d %H:%M:%S %z %Y')),
        ('is_inbound', parse_boolean('inbound__raw')),
        ('replied_to_tweet_id', "regexp_replace(in_response_to_tweet_id__raw, '\\.0$', '')"),
    ],
    checks=[
        {'code': 'unparseable_timestamp', 'when': 'tweeted_at is null',
         'message': "'created_at ''' || created_at__raw || ''' is not like Tue Oct 31 22:10:47 +0000 2017'"},
        {'code': 'invalid_value', 'when': 'is_inbound is null',
         'message': "'inbound ''' || inbound__raw || ''' is not True or False'"},
    ],
) }}

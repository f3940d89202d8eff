{{ stage_export_entity(
    source_name='crm_export',
    entity='surveys',
    key=['response_id'],
    derived=[
        ('score_value',
         "case when survey_type in ('csat', 'nps') then " ~ parse_integer('score__raw')
         ~ " when survey_type = 'fcr' then case " ~ parse_boolean('score__raw')
         ~ " when true then 1 when false then 0 end end"),
    ],
    checks=[
        {'code': 'score_out_of_range',
         'when': "score_value is null or (survey_type = 'csat' and score_value not between 1 and 5) or (survey_type = 'nps' and score_value not between 0 and 10)",
         'message': "survey_type || ' score ''' || score__raw || ''' is outside its scale (' || case survey_type when 'csat' then '1-5' when 'nps' then '0-10' else 'yes/no' end || ')'"},
    ],
) }}

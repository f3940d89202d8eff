with

base as (

    select * from {{ ref('base_crm_export__surveys') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        response_id,
        contact_id,
        survey_type,
        score_value as score,
        responded_at,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

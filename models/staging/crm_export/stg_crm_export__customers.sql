with

base as (

    select * from {{ ref('base_crm_export__customers') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        customer_id,
        full_name as name_hash,
        email as email_hash,
        phone as phone_hash,
        country,
        created_at,
        updated_at,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

with

base as (

    select * from {{ ref('base_crm_export__orders') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        order_id,
        customer_id,
        ordered_at,
        amount,
        currency,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

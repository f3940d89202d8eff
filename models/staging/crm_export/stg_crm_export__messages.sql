with

base as (

    select * from {{ ref('base_crm_export__messages') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        message_id,
        contact_id,
        channel,
        customer_id,
        customer_handle as customer_handle_hash,
        sender_type,
        agent_id,
        sent_at,
        text_length,
        cast(null as {{ dbt.type_string() }}) as queue,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

with

base as (

    select * from {{ ref('base_crm_export__agents') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        agent_id,
        agent_name,
        team,
        site,
        hired_on,
        active as is_active,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

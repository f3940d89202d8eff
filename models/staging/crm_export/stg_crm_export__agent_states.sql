with

base as (

    select * from {{ ref('base_crm_export__agent_states') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        agent_id,
        state,
        state_category,
        started_at,
        ended_at,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

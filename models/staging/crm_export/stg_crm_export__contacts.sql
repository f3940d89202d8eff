with

base as (

    select * from {{ ref('base_crm_export__contacts') }}
    where _row_status = 'staged'

),

final as (

    select
        'crm_export' as source_system,
        contact_id,
        channel,
        direction,
        coalesce(queue, 'unassigned') as queue,
        customer_id,
        customer_email,
        customer_phone,
        created_at,
        queued_at,
        answered_at,
        ended_at,
        wrap_ended_at,
        agent_id,
        hold_seconds,
        disposition,
        resolved_on_contact,
        transferred_from_contact_id,
        updated_at,
        cast(null as varchar) as source_outcome,
        cast(null as double) as reported_wait_seconds,
        cast(null as double) as reported_talk_seconds,
        cast(null as varchar) as contact_subtype,
        cast(null as varchar) as priority,
        cast(null as varchar) as data_quality_flag,
        cast(null as timestamp) as reported_resolved_at,
        cast(null as boolean) as is_sla_met,
        cast(null as bigint) as handoff_count,
        cast(null as bigint) as reported_reopen_count,
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

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
        customer_email as customer_email_hash,
        customer_phone as customer_phone_hash,
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
        {{- absent_contact_columns([
            'source_outcome', 'reported_wait_seconds', 'reported_talk_seconds', 'contact_subtype',
            'priority', 'data_quality_flag', 'reported_resolved_at', 'is_sla_met', 'handoff_count',
            'reported_reopen_count',
        ]) }}
        _file_name as source_file_name,
        _row_number as source_row_number
    from base

)

select * from final

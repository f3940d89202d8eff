{#- One contact per incident (channel ticket), from its latest update: opened_at is
    when it arrived and entered the service desk's queue (the assignment group);
    it counts as answered once assigned to someone; resolved_at and closed_at give
    resolution; reassignments (handoffs), the reopen count and made_sla are kept as
    reported. Timestamps are local to var servicenow_timezone. -#}
{%- set tz = var('servicenow_timezone') -%}

with

events as (

    select * from {{ ref('base_servicenow__incident_events') }}
    where _row_status = 'staged'

),

latest as (

    select
        *,
        row_number() over (
            partition by number
            order by updated_local desc, mod_count desc, _file_name desc, _row_number desc
        ) as recency
    from events

),

final as (

    select
        'servicenow' as source_system,
        number as contact_id,
        'ticket' as channel,
        'inbound' as direction,
        coalesce(assignment_group, 'unassigned') as queue,
        caller_id as customer_id,
        {{- absent_contact_columns(['customer_email_hash', 'customer_phone_hash']) }}
        {{ local_to_utc_lenient('opened_local', tz) }} as created_at,
        {{ local_to_utc_lenient('opened_local', tz) }} as queued_at,
        cast(null as timestamp) as answered_at,
        {{ local_to_utc_lenient('coalesce(closed_local, resolved_local)', tz) }} as ended_at,
        cast(null as timestamp) as wrap_ended_at,
        assigned_to as agent_id,
        cast(0 as {{ double_type() }}) as hold_seconds,
        {{- absent_contact_columns(['disposition', 'resolved_on_contact', 'transferred_from_contact_id']) }}
        {{ local_to_utc_lenient('updated_local', tz) }} as updated_at,
        case when assigned_to is not null then 'answered' end as source_outcome,
        cast(null as {{ double_type() }}) as reported_wait_seconds,
        cast(null as {{ double_type() }}) as reported_talk_seconds,
        contact_type as contact_subtype,
        priority,
        cast(null as {{ dbt.type_string() }}) as data_quality_flag,
        {{ local_to_utc_lenient('coalesce(resolved_local, closed_local)', tz) }} as reported_resolved_at,
        {{ parse_boolean('made_sla') }} as is_sla_met,
        {{ parse_integer('reassignment_count') }} as handoff_count,
        {{ parse_integer('reopen_count') }} as reported_reopen_count,
        _file_name as source_file_name,
        _row_number as source_row_number
    from latest
    where recency = 1

)

select * from final

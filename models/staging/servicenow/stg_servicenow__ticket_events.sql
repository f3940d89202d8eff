{#- The incidents' status history: one row per change of incident_state (repeated
    updates in the same state are not changes). New = new, Active = open,
    Awaiting ... = pending, Resolved = solved, Closed = closed. -#}
{%- set tz = var('servicenow_timezone') -%}

with

events as (

    select * from {{ ref('base_servicenow__incident_events') }}
    where _row_status = 'staged'

),

ordered as (

    select
        number,
        status,
        updated_local,
        lag(status) over (
            partition by number
            order by updated_local, mod_count, _file_name, _row_number
        ) as previous_status
    from events

),

final as (

    select
        'servicenow' as source_system,
        number as contact_id,
        status,
        {{ local_to_utc_lenient('updated_local', tz) }} as changed_at
    from ordered
    where previous_status is null or previous_status <> status

)

select * from final

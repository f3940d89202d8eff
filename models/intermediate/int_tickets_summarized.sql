{#- Ticket status histories (email) per contact: first and last solve, resolution
    (last solved, or closed if never solved), reopens (solves after the first), and
    the time spent in pending or on_hold between the contact's creation and its
    resolution. Each status lasts until the ticket's next status change. -#}
with

events as (

    {{ union_staged_ticket_events() }}

),

contacts as (

    select
        source_system,
        contact_id,
        contact_key,
        created_at
    from {{ ref('int_contacts_identified') }}

),

status_spans as (

    select
        source_system,
        contact_id,
        status,
        changed_at,
        lead(changed_at) over (
            partition by source_system, contact_id
            order by changed_at, status
        ) as next_changed_at
    from events

),

milestones as (

    select
        source_system,
        contact_id,
        min(case when status = 'solved' then changed_at end) as first_solved_at,
        max(case when status = 'solved' then changed_at end) as last_solved_at,
        min(case when status = 'closed' then changed_at end) as closed_at,
        {{ count_if("status = 'solved'") }} as solved_count
    from events
    group by source_system, contact_id

),

resolved as (

    select
        milestones.*,
        coalesce(milestones.last_solved_at, milestones.closed_at) as resolved_at
    from milestones

),

pending as (

    select
        status_spans.source_system,
        status_spans.contact_id,
        sum(
            greatest(
                0,
                {{ elapsed_seconds(
                    'greatest(status_spans.changed_at, contacts.created_at)',
                    'least(status_spans.next_changed_at, resolved.resolved_at)'
                ) }}
            )
        ) as pending_seconds
    from status_spans
    inner join resolved
        on
            status_spans.source_system = resolved.source_system
            and status_spans.contact_id = resolved.contact_id
    inner join contacts
        on
            status_spans.source_system = contacts.source_system
            and status_spans.contact_id = contacts.contact_id
    where
        status_spans.status in ('pending', 'on_hold')
        and status_spans.next_changed_at is not null
        and resolved.resolved_at is not null
    group by status_spans.source_system, status_spans.contact_id

),

final as (

    select
        contacts.contact_key,
        resolved.first_solved_at,
        resolved.last_solved_at,
        resolved.closed_at,
        resolved.resolved_at,
        resolved.solved_count,
        greatest(resolved.solved_count - 1, 0) as reopen_count,
        case when resolved.resolved_at is not null then coalesce(pending.pending_seconds, 0) end as pending_seconds
    from resolved
    inner join contacts
        on
            resolved.source_system = contacts.source_system
            and resolved.contact_id = contacts.contact_id
    left join pending
        on
            resolved.source_system = pending.source_system
            and resolved.contact_id = pending.contact_id

)

select * from final

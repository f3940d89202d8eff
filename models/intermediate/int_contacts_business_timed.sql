{#- First response and resolution counted in the queue's business hours only
    (int_business_windows_expanded): the overlap of each span with the queue's
    opening windows. A queue open around the clock gives business = calendar. -#}
with

contacts as (

    select * from {{ ref('int_contacts_measured') }}

),

windows as (

    select * from {{ ref('int_business_windows_expanded') }}

),

spans as (

    select
        contact_key,
        queue,
        'first_response' as span_type,
        created_at as span_start,
        first_response_at as span_end
    from contacts
    where first_response_at is not null

    union all

    select
        contact_key,
        queue,
        'resolution' as span_type,
        created_at as span_start,
        resolved_at as span_end
    from contacts
    where resolved_at is not null

),

span_overlaps as (

    select
        spans.contact_key,
        spans.span_type,
        sum(
            case
                when windows.queue is null then 0
                else greatest(
                        0,
                    {{ elapsed_seconds(
                        'greatest(spans.span_start, windows.opens_at)',
                        'least(spans.span_end, windows.closes_at)'
                    ) }}
                    )
            end
        ) as business_seconds
    from spans
    left join windows
        on
            spans.queue = windows.queue
            and spans.span_end > windows.opens_at
            and spans.span_start < windows.closes_at
    group by spans.contact_key, spans.span_type

),

final as (

    select
        contacts.contact_key,
        first_response.business_seconds as first_response_business_seconds,
        resolution.business_seconds as resolution_business_seconds
    from contacts
    left join span_overlaps as first_response
        on
            contacts.contact_key = first_response.contact_key
            and first_response.span_type = 'first_response'
    left join span_overlaps as resolution
        on
            contacts.contact_key = resolution.contact_key
            and resolution.span_type = 'resolution'

)

select * from final

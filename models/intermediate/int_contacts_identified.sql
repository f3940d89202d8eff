{#- Every contact of every source system in one shape, with its customer: staged
    contacts plus sessionized conversations. A contact's customer is its customer_id,
    else the customer whose email matches, else whose phone matches (digits only),
    else an anonymous key for that email, phone or handle; with none of these it has
    no identity (customer_key null). -#}
with

contacts as (

    {{ union_staged_contacts() }}

),

conversations as (

    select * from {{ ref('int_conversations_summarized') }}

),

identifiers as (

    select * from {{ ref('int_customer_identifiers_mapped') }}

),

contact_identifiers as (

    select
        contacts.*,
        contacts.customer_email_hash as email_hash,
        contacts.customer_phone_hash as phone_hash
    from contacts

),

identified_contacts as (

    select
        contact_identifiers.source_system,
        contact_identifiers.contact_id,
        'contact' as contact_origin,
        contact_identifiers.channel,
        contact_identifiers.direction,
        contact_identifiers.queue,
        coalesce(
            contact_identifiers.customer_id,
            by_email.customer_id,
            by_phone.customer_id
        ) as customer_id,
        case
            when coalesce(contact_identifiers.customer_id, by_email.customer_id, by_phone.customer_id) is not null
                then {{ customer_key(
                    'contact_identifiers.source_system',
                    'coalesce(contact_identifiers.customer_id, by_email.customer_id, by_phone.customer_id)'
                ) }}
            when contact_identifiers.email_hash is not null
                then {{ anonymous_customer_key('contact_identifiers.source_system', 'contact_identifiers.email_hash') }}
            when contact_identifiers.phone_hash is not null
                then {{ anonymous_customer_key('contact_identifiers.source_system', 'contact_identifiers.phone_hash') }}
        end as customer_key,
        contact_identifiers.created_at,
        contact_identifiers.queued_at,
        contact_identifiers.answered_at,
        contact_identifiers.ended_at,
        contact_identifiers.wrap_ended_at,
        contact_identifiers.agent_id,
        contact_identifiers.hold_seconds,
        contact_identifiers.disposition,
        contact_identifiers.resolved_on_contact,
        contact_identifiers.transferred_from_contact_id,
        contact_identifiers.source_outcome,
        contact_identifiers.reported_wait_seconds,
        contact_identifiers.reported_talk_seconds,
        contact_identifiers.contact_subtype,
        contact_identifiers.priority,
        contact_identifiers.data_quality_flag,
        contact_identifiers.reported_resolved_at,
        contact_identifiers.is_sla_met,
        contact_identifiers.handoff_count,
        contact_identifiers.reported_reopen_count
    from contact_identifiers
    left join identifiers as by_email
        on
            contact_identifiers.source_system = by_email.source_system
            and by_email.identifier_type = 'email'
            and contact_identifiers.email_hash = by_email.identifier_hash
    left join identifiers as by_phone
        on
            contact_identifiers.source_system = by_phone.source_system
            and by_phone.identifier_type = 'phone'
            and contact_identifiers.phone_hash = by_phone.identifier_hash

),

conversation_contacts as (

    select
        source_system,
        'conversation:' || conversation_id as contact_id,
        'conversation' as contact_origin,
        channel,
        direction,
        queue,
        customer_id,
        customer_key,
        created_at,
        queued_at,
        answered_at,
        ended_at,
        {{- absent_contact_columns(['wrap_ended_at']) }}
        agent_id,
        cast(0 as {{ double_type() }}) as hold_seconds,
        {{- absent_contact_columns([
            'disposition', 'resolved_on_contact', 'transferred_from_contact_id', 'source_outcome',
            'reported_wait_seconds', 'reported_talk_seconds', 'contact_subtype', 'priority',
            'data_quality_flag', 'reported_resolved_at', 'is_sla_met', 'handoff_count',
        ]) }}
        cast(null as bigint) as reported_reopen_count
    from conversations

),

unioned as (

    select * from identified_contacts
    union all
    select * from conversation_contacts

),

final as (

    select
        source_system || ':' || contact_id as contact_key,
        *,
        case when agent_id is not null then source_system || ':' || agent_id end as agent_key,
        case
            when transferred_from_contact_id is not null
                then source_system || ':' || transferred_from_contact_id
        end as transferred_from_contact_key
    from unioned

)

select * from final

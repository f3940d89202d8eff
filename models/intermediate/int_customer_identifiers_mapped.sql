{#- Which customer each email, phone and messaging handle belongs to, per source
    system. The customers entity is trusted first; contacts and messages that carry
    a customer_id beside an email, phone or handle fill in the rest. When several
    customers share an identifier, the smallest customer_id wins. Identifiers arrive
    from staging as salted hashes (phones of their digits only), never in clear. -#}
with

customers as (

    select * from {{ ref('stg_crm_export__customers') }}

),

contacts as (

    select * from {{ ref('stg_crm_export__contacts') }}
    where customer_id is not null

),

messages as (

    select * from {{ ref('stg_crm_export__messages') }}
    where customer_id is not null and customer_handle_hash is not null

),

identifiers as (

    select
        source_system,
        'email' as identifier_type,
        email_hash as identifier,
        customer_id,
        1 as priority
    from customers
    where email_hash is not null

    union all

    select
        source_system,
        'phone' as identifier_type,
        phone_hash as identifier,
        customer_id,
        1 as priority
    from customers
    where phone_hash is not null

    union all

    select
        source_system,
        'email' as identifier_type,
        customer_email_hash as identifier,
        customer_id,
        2 as priority
    from contacts
    where customer_email_hash is not null

    union all

    select
        source_system,
        'phone' as identifier_type,
        customer_phone_hash as identifier,
        customer_id,
        2 as priority
    from contacts
    where customer_phone_hash is not null

    union all

    select
        source_system,
        'handle' as identifier_type,
        customer_handle_hash as identifier,
        customer_id,
        2 as priority
    from messages

),

ranked as (

    select
        source_system,
        identifier_type,
        identifier,
        customer_id,
        row_number() over (
            partition by source_system, identifier_type, identifier
            order by priority, customer_id
        ) as preference
    from identifiers
    where identifier is not null

),

final as (

    select
        source_system,
        identifier_type,
        identifier as identifier_hash,
        customer_id
    from ranked
    where preference = 1

)

select * from final

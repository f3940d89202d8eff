{#- Customers: known ones (customer records, or a customer_id seen on a contact or
    order) and anonymous ones (known only by an email, phone or handle). No email,
    phone or name in clear: salted hashes (var pii_salt) and the country only. -#}
with

customers as (

    select * from {{ ref('stg_crm_export__customers') }}

),

contacts as (

    select * from {{ ref('int_contacts_identified') }}
    where customer_key is not null

),

orders as (

    select * from {{ ref('stg_crm_export__orders') }}

),

seen as (

    select
        {{ customer_key('source_system', 'customer_id') }} as customer_key,
        source_system,
        customer_id
    from customers
    union
    select
        customer_key,
        source_system,
        customer_id
    from contacts
    union
    select
        {{ customer_key('source_system', 'customer_id') }} as customer_key,
        source_system,
        customer_id
    from orders

),

final as (

    select
        seen.customer_key,
        seen.source_system,
        seen.customer_id,
        seen.customer_id is null as is_anonymous,
        customers.customer_id is not null as is_in_customer_list,
        customers.country,
        customers.email_hash,
        customers.phone_hash,
        customers.name_hash,
        customers.created_at
    from seen
    left join customers
        on
            seen.source_system = customers.source_system
            and seen.customer_id = customers.customer_id

)

select * from final

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

-- every customer of the customer list, with its attributes
listed as (

    select
        {{ customer_key('source_system', 'customer_id') }} as customer_key,
        source_system,
        customer_id,
        country,
        email_hash,
        phone_hash,
        name_hash,
        created_at
    from customers

),

seen_elsewhere as (

    select
        customer_key,
        source_system,
        customer_id
    from contacts

    union all

    select
        {{ customer_key('source_system', 'customer_id') }} as customer_key,
        source_system,
        customer_id
    from orders

),

-- customers seen on contacts or orders but not in the list (anonymous ones among
-- them), once each; the list is not joined to every contact, only its keys are
unlisted as (

    select
        customer_key,
        source_system,
        customer_id
    from seen_elsewhere
    where
        not exists (
            select 1 from listed
            where listed.customer_key = seen_elsewhere.customer_key
        )
    group by customer_key, source_system, customer_id

),

final as (

    select
        customer_key,
        source_system,
        customer_id,
        customer_id is null as is_anonymous,
        customer_id is not null as is_in_customer_list,
        country,
        email_hash,
        phone_hash,
        name_hash,
        created_at
    from listed

    union all

    select
        customer_key,
        source_system,
        customer_id,
        customer_id is null as is_anonymous,
        false as is_in_customer_list,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as email_hash,
        cast(null as {{ dbt.type_string() }}) as phone_hash,
        cast(null as {{ dbt.type_string() }}) as name_hash,
        cast(null as {{ dbt.type_timestamp() }}) as created_at
    from unlisted

)

select * from final

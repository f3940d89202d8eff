{#- Each order converts at most one contact: the latest answered inbound contact of
    the same customer created at or before the order, when the order falls within
    var conversion_window_hours of that contact's created_at (orders placed during
    the contact count). Amounts are converted to var reporting_currency with seed
    currency_rates (a blank currency is taken as the reporting currency). One row
    per order, attributed or not. -#}
{%- set window_seconds = var('conversion_window_hours') * 3600 -%}

with

orders as (

    select * from {{ ref('stg_crm_export__orders') }}

),

rates as (

    select * from {{ ref('currency_rates') }}

),

contacts as (

    select
        contact_key,
        source_system,
        customer_key,
        created_at
    from {{ ref('int_contacts_measured') }}
    where is_answered and customer_key is not null

),

priced as (

    select
        orders.source_system,
        orders.order_id,
        {{ customer_key('orders.source_system', 'orders.customer_id') }} as customer_key,
        orders.ordered_at,
        orders.amount,
        coalesce(upper(orders.currency), '{{ var("reporting_currency") }}') as currency,
        cast(orders.amount * cast(rates.rate_to_reporting_currency as decimal(18, 8)) as decimal(38, 6))
            as amount_reporting
    from orders
    left join rates
        on coalesce(upper(orders.currency), '{{ var("reporting_currency") }}') = rates.currency

),

candidates as (

    select
        priced.source_system,
        priced.order_id,
        contacts.contact_key,
        contacts.created_at as contact_created_at,
        row_number() over (
            partition by priced.source_system, priced.order_id
            order by contacts.created_at desc, contacts.contact_key desc
        ) as recency
    from priced
    inner join contacts
        on
            priced.source_system = contacts.source_system
            and priced.customer_key = contacts.customer_key
            and priced.ordered_at >= contacts.created_at

),

final as (

    select
        priced.source_system,
        priced.order_id,
        priced.customer_key,
        priced.ordered_at,
        priced.amount,
        priced.currency,
        priced.amount_reporting,
        case
            when {{ elapsed_seconds('candidates.contact_created_at', 'priced.ordered_at') }} <= {{ window_seconds }}
                then candidates.contact_key
        end as converted_contact_key
    from priced
    left join candidates
        on
            priced.source_system = candidates.source_system
            and priced.order_id = candidates.order_id
            and candidates.recency = 1

)

select * from final

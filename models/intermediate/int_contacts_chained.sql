{#- Transfer chains: contacts linked through transferred_from_contact_id form one
    journey, keyed by its first leg (journey_key). The chain is followed up to
    var max_transfer_legs legs with plain joins, so the model stays unit-testable
    and portable; a longer chain (or a loop) fails test
    transfer_chains_fit_the_leg_limit. A contact transferred from a contact that is
    not in the data starts its own journey but still counts as transferred. -#}
{%- set max_legs = var('max_transfer_legs', 10) -%}

with

contacts as (

    select * from {{ ref('int_contacts_identified') }}

),

links as (

    select
        contact_key,
        transferred_from_contact_key
    from contacts

),

hop_0 as (

    select
        contact_key,
        contact_key as journey_key,
        transferred_from_contact_key as next_key,
        0 as depth
    from links

),

{% for hop in range(1, max_legs) %}
    hop_{{ hop }} as (

        select
            hop_{{ hop - 1 }}.contact_key,
            coalesce(parent.contact_key, hop_{{ hop - 1 }}.journey_key) as journey_key,
            parent.transferred_from_contact_key as next_key,
            hop_{{ hop - 1 }}.depth + case when parent.contact_key is not null then 1 else 0 end as depth
        from hop_{{ hop - 1 }}
        left join links as parent
            on hop_{{ hop - 1 }}.next_key = parent.contact_key

    ),
{% endfor %}

resolved as (

    select * from hop_{{ max_legs - 1 }}

),

final as (

    select
        contacts.contact_key,
        resolved.journey_key,
        cast(resolved.depth + 1 as bigint) as leg_number,
        count(*) over (partition by resolved.journey_key) as journey_leg_count,
        resolved.next_key is not null as exceeds_leg_limit,
        count(*) over (partition by resolved.journey_key) > 1
        or bool_or(contacts.transferred_from_contact_key is not null)
            over (partition by resolved.journey_key) as is_transfer_chain
    from contacts
    inner join resolved
        on contacts.contact_key = resolved.contact_key

)

select * from final

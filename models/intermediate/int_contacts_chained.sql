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

-- the contacts some contact was transferred from: the only ones a hop can reach, so
-- each hop joins to this short list rather than to every contact
parents as (

    select
        contact_key,
        transferred_from_contact_key
    from links
    where
        contact_key in (
            select transfers.transferred_from_contact_key
            from links as transfers
            where transfers.transferred_from_contact_key is not null
        )

),

hop_0 as (

    select
        contact_key,
        transferred_from_contact_key,
        contact_key as journey_key,
        transferred_from_contact_key as next_key,
        0 as depth
    from links

),

{% for hop in range(1, max_legs) %}
    hop_{{ hop }} as (

        select
            hop_{{ hop - 1 }}.contact_key,
            hop_{{ hop - 1 }}.transferred_from_contact_key,
            coalesce(parent.contact_key, hop_{{ hop - 1 }}.journey_key) as journey_key,
            parent.transferred_from_contact_key as next_key,
            hop_{{ hop - 1 }}.depth + case when parent.contact_key is not null then 1 else 0 end as depth
        from hop_{{ hop - 1 }}
        left join parents as parent
            on hop_{{ hop - 1 }}.next_key = parent.contact_key

    ),
{% endfor %}

resolved as (

    select * from hop_{{ max_legs - 1 }}

),

-- journeys of more than one leg (few): a journey with a leg past its first has
-- them; any other journey is its one contact alone
multi_leg_journeys as (

    select
        journey_key,
        count(*) as journey_leg_count,
        bool_or(transferred_from_contact_key is not null) as has_transferred_leg
    from resolved
    where
        journey_key in (
            select later_legs.journey_key
            from resolved as later_legs
            where later_legs.depth > 0
        )
    group by journey_key

),

final as (

    select
        resolved.contact_key,
        resolved.journey_key,
        cast(resolved.depth + 1 as bigint) as leg_number,
        coalesce(multi_leg_journeys.journey_leg_count, 1) as journey_leg_count,
        resolved.next_key is not null as exceeds_leg_limit,
        coalesce(multi_leg_journeys.journey_leg_count, 1) > 1
        or coalesce(
            multi_leg_journeys.has_transferred_leg,
            resolved.transferred_from_contact_key is not null
        ) as is_transfer_chain
    from resolved
    left join multi_leg_journeys
        on resolved.journey_key = multi_leg_journeys.journey_key

)

select * from final

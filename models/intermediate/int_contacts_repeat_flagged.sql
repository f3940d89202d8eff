{#- Repeat contacts and first-contact resolution by repeat, computed once for every
    mart, for each contact (leg) and for its journey (transfer chain).

    A repeat contact of an answered contact is any later inbound contact (any
    channel, any outcome) of the same customer, outside its transfer chain, created
    in (ended_at, ended_at + var repeat_contact_window_hours]. For a journey the
    window runs from its last leg's end. An answered contact is FCR-eligible when it
    ended, has a customer identity and its window closed by the source system's
    latest created_at; fcr_repeat = eligible, no repeat, and not in a transfer chain. -#}
{%- set window_seconds = var('repeat_contact_window_hours') * 3600 -%}

with

contacts as (

    select * from {{ ref('int_contacts_measured') }}

),

chains as (

    select * from {{ ref('int_contacts_chained') }}

),

legs as (

    select
        contacts.contact_key,
        contacts.source_system,
        contacts.customer_key,
        contacts.created_at,
        contacts.ended_at,
        contacts.is_inbound,
        contacts.is_answered,
        contacts.data_horizon_at,
        chains.journey_key,
        chains.leg_number,
        chains.journey_leg_count,
        chains.is_transfer_chain
    from contacts
    inner join chains
        on contacts.contact_key = chains.contact_key

),

-- Journeys of more than one leg (few). A journey of one contact is that contact:
-- its window and its repeats are the leg's own, so only these need their own.
multi_leg_journeys as (

    select
        journey_key,
        -- a journey ends when its last leg ends (unknown while any leg has not)
        case when count(ended_at) = count(*) then max(ended_at) end as journey_ended_at
    from legs
    where journey_leg_count > 1 or leg_number > 1
    group by journey_key

),

-- the journey's answer and customer are its first leg's
journeys as (

    select
        multi_leg_journeys.journey_key,
        first_legs.is_answered as journey_is_answered,
        first_legs.customer_key as journey_customer_key,
        first_legs.source_system as journey_source_system,
        multi_leg_journeys.journey_ended_at
    from multi_leg_journeys
    left join legs as first_legs
        on
            multi_leg_journeys.journey_key = first_legs.journey_key
            and first_legs.leg_number = 1

),

later_inbound as (

    select
        source_system,
        customer_key,
        journey_key,
        created_at
    from legs
    where is_inbound and customer_key is not null

),

-- the answered contacts and journeys whose repeat window is checked, each with the
-- end its window runs from
window_anchors as (

    select
        'leg' as anchor_type,
        contact_key as anchor_key,
        source_system,
        customer_key,
        journey_key,
        ended_at as window_opens_at
    from legs
    where is_answered and ended_at is not null and customer_key is not null

    union all

    select
        'journey' as anchor_type,
        journey_key as anchor_key,
        journey_source_system as source_system,
        journey_customer_key as customer_key,
        journey_key,
        journey_ended_at as window_opens_at
    from journeys
    where journey_is_answered and journey_ended_at is not null and journey_customer_key is not null

),

repeats as (

    select distinct
        window_anchors.anchor_type,
        window_anchors.anchor_key
    from window_anchors
    inner join later_inbound
        on
            window_anchors.source_system = later_inbound.source_system
            and window_anchors.customer_key = later_inbound.customer_key
            and window_anchors.journey_key <> later_inbound.journey_key
            and window_anchors.window_opens_at < later_inbound.created_at
            and later_inbound.created_at <= {{ add_seconds('window_anchors.window_opens_at', window_seconds) }}

),

flagged as (

    select
        legs.*,
        legs.journey_leg_count = 1 and legs.leg_number = 1 as is_single_contact_journey,
        journeys.journey_ended_at as multi_leg_journey_ended_at,
        legs.is_answered and legs.ended_at is not null and legs.customer_key is not null
        and {{ add_seconds('legs.ended_at', window_seconds) }} <= legs.data_horizon_at as is_fcr_eligible,
        leg_repeats.anchor_key is not null as has_repeat,
        journeys.journey_is_answered and journeys.journey_ended_at is not null
        and journeys.journey_customer_key is not null
        and {{ add_seconds('journeys.journey_ended_at', window_seconds) }} <= legs.data_horizon_at
            as is_multi_leg_journey_fcr_eligible,
        journey_repeats.anchor_key is not null as multi_leg_journey_has_repeat
    from legs
    left join journeys
        on legs.journey_key = journeys.journey_key
    left join repeats as leg_repeats
        on
            leg_repeats.anchor_type = 'leg'
            and legs.contact_key = leg_repeats.anchor_key
    left join repeats as journey_repeats
        on
            journey_repeats.anchor_type = 'journey'
            and legs.journey_key = journey_repeats.anchor_key

),

journey_flagged as (

    select
        *,
        case
            when is_single_contact_journey then ended_at
            else multi_leg_journey_ended_at
        end as journey_ended_at,
        case
            when is_single_contact_journey then is_fcr_eligible
            else is_multi_leg_journey_fcr_eligible
        end as is_journey_fcr_eligible,
        case
            when is_single_contact_journey then has_repeat
            else multi_leg_journey_has_repeat
        end as journey_has_repeat
    from flagged

),

final as (

    select
        contact_key,
        journey_key,
        leg_number,
        journey_leg_count,
        is_transfer_chain,
        journey_ended_at,
        is_fcr_eligible,
        case when is_fcr_eligible then has_repeat end as has_repeat_contact,
        case when is_fcr_eligible then not has_repeat and not is_transfer_chain end as is_fcr_repeat,
        is_journey_fcr_eligible,
        case when is_journey_fcr_eligible then journey_has_repeat end as journey_has_repeat_contact,
        case
            when is_journey_fcr_eligible then not journey_has_repeat and not is_transfer_chain
        end as is_journey_fcr_repeat
    from journey_flagged

)

select * from final

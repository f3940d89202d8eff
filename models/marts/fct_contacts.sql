{#- One row per contact (transfer legs and sessionized conversations included) with
    every KPI building block. See docs/kpis.md for each definition. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

contacts as (

    select * from {{ ref('int_contacts_measured') }}

),

business_times as (

    select * from {{ ref('int_contacts_business_timed') }}

),

repeats as (

    select * from {{ ref('int_contacts_repeat_flagged') }}

),

surveys as (

    select * from {{ ref('int_survey_responses_rolled_up') }}

),

orders as (

    select
        converted_contact_key,
        count(*) as converted_order_count,
        sum(amount_reporting) as converted_revenue
    from {{ ref('int_orders_attributed') }}
    where converted_contact_key is not null
    group by converted_contact_key

),

final as (

    select
        contacts.contact_key,
        contacts.source_system,
        contacts.contact_id,
        contacts.contact_origin,
        contacts.channel,
        contacts.direction,
        contacts.queue,
        contacts.customer_key,
        coalesce(
            contacts.agent_key,
            case when contacts.is_connected then contacts.source_system || ':unknown' end
        ) as agent_key,
        repeats.journey_key,
        repeats.leg_number,
        repeats.journey_leg_count,
        repeats.is_transfer_chain,
        contacts.transferred_from_contact_key,
        contacts.created_at,
        contacts.queued_at,
        contacts.answered_at,
        contacts.ended_at,
        contacts.wrap_ended_at,
        contacts.contact_date,
        contacts.interval_start,
        contacts.interval_start_local,
        contacts.outcome,
        contacts.is_realtime,
        contacts.is_inbound,
        contacts.is_phantom,
        contacts.is_offered,
        contacts.is_answered,
        contacts.is_abandoned,
        contacts.is_short_abandoned,
        contacts.is_unanswered,
        contacts.is_self_served,
        contacts.is_connected,
        contacts.is_within_service_level,
        contacts.is_service_level_eligible,
        contacts.service_level_threshold_seconds,
        contacts.wait_seconds,
        contacts.has_handle_time,
        contacts.connected_seconds,
        contacts.talk_seconds,
        contacts.hold_seconds,
        contacts.wrap_seconds,
        contacts.handle_seconds,
        contacts.first_response_at,
        contacts.first_response_seconds,
        business_times.first_response_business_seconds,
        contacts.message_count,
        contacts.customer_message_count,
        contacts.agent_message_count,
        contacts.bot_message_count,
        contacts.turn_count,
        contacts.first_solved_at,
        contacts.resolved_at,
        contacts.reopen_count,
        contacts.first_resolution_seconds,
        contacts.resolution_seconds,
        contacts.resolution_excluding_pending_seconds,
        business_times.resolution_business_seconds,
        contacts.is_one_touch,
        contacts.is_sla_met,
        contacts.handoff_count,
        contacts.disposition,
        contacts.contact_subtype,
        contacts.priority,
        contacts.data_quality_flag,
        contacts.is_fcr_agent,
        case
            when coalesce(surveys.fcr_survey_response_count, 0) > 0
                then surveys.fcr_survey_yes_count = surveys.fcr_survey_response_count
        end as is_fcr_survey,
        repeats.is_fcr_eligible,
        repeats.is_fcr_repeat,
        repeats.has_repeat_contact,
        repeats.is_journey_fcr_eligible,
        repeats.is_journey_fcr_repeat,
        repeats.journey_has_repeat_contact,
        coalesce(surveys.csat_response_count, 0) as csat_response_count,
        coalesce(surveys.csat_score_sum, 0) as csat_score_sum,
        coalesce(surveys.csat_satisfied_count, 0) as csat_satisfied_count,
        {{ ratio('surveys.csat_score_sum', 'surveys.csat_response_count') }} as csat_score,
        coalesce(surveys.nps_response_count, 0) as nps_response_count,
        coalesce(surveys.nps_promoter_count, 0) as nps_promoter_count,
        coalesce(surveys.nps_passive_count, 0) as nps_passive_count,
        coalesce(surveys.nps_detractor_count, 0) as nps_detractor_count,
        {{ ratio('surveys.nps_score_sum', 'surveys.nps_response_count') }} as nps_score,
        coalesce(surveys.fcr_survey_response_count, 0) as fcr_survey_response_count,
        coalesce(surveys.fcr_survey_yes_count, 0) as fcr_survey_yes_count,
        coalesce(orders.converted_order_count, 0) > 0 as is_converted,
        coalesce(orders.converted_order_count, 0) as converted_order_count,
        cast(coalesce(orders.converted_revenue, 0) as decimal(38, 6)) as converted_revenue
    from contacts
    inner join repeats
        on contacts.contact_key = repeats.contact_key
    left join business_times
        on contacts.contact_key = business_times.contact_key
    left join surveys
        on contacts.contact_key = surveys.contact_key
    left join orders
        on contacts.contact_key = orders.converted_contact_key

)

select * from final

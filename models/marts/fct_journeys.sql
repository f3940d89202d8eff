{#- One row per journey (a contact with its transfer legs), as the queue marts count
    it: offered, answered and wait from the first leg, on the first leg's date,
    interval, channel and queue; handle time (talk, hold and wrap) summed over all
    legs; FCR and repeat from the journey's last end; surveys and orders of any leg. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='contact_date',
    on_schema_change='fail',
) }}
with

legs as (

    select * from {{ ref('fct_contacts') }}

),

first_legs as (

    select * from legs
    where leg_number = 1

),

leg_totals as (

    select
        journey_key,
        count(*) as leg_count,
        sum(connected_seconds) as connected_seconds,
        sum(talk_seconds) as talk_seconds,
        sum(hold_seconds) as hold_seconds,
        sum(wrap_seconds) as wrap_seconds,
        sum(handle_seconds) as handle_seconds,
        bool_and(has_handle_time or not is_connected) as all_connected_legs_have_handle_time,
        {{ sum_count('csat_response_count') }} as csat_response_count,
        {{ sum_count('csat_score_sum') }} as csat_score_sum,
        {{ sum_count('csat_satisfied_count') }} as csat_satisfied_count,
        {{ sum_count('nps_response_count') }} as nps_response_count,
        {{ sum_count('nps_promoter_count') }} as nps_promoter_count,
        {{ sum_count('nps_passive_count') }} as nps_passive_count,
        {{ sum_count('nps_detractor_count') }} as nps_detractor_count,
        {{ sum_count('fcr_survey_response_count') }} as fcr_survey_response_count,
        {{ sum_count('fcr_survey_yes_count') }} as fcr_survey_yes_count,
        {{ sum_count('converted_order_count') }} as converted_order_count,
        sum(converted_revenue) as converted_revenue
    from legs
    group by journey_key

),

final as (

    select
        first_legs.journey_key,
        first_legs.source_system,
        first_legs.channel,
        first_legs.queue,
        first_legs.customer_key,
        first_legs.contact_date,
        first_legs.interval_start,
        first_legs.interval_start_local,
        first_legs.is_realtime,
        first_legs.is_inbound,
        first_legs.is_phantom,
        first_legs.outcome,
        first_legs.is_offered,
        first_legs.is_answered,
        first_legs.is_abandoned,
        first_legs.is_short_abandoned,
        first_legs.is_unanswered,
        first_legs.is_self_served,
        first_legs.is_within_service_level,
        first_legs.is_service_level_eligible,
        first_legs.wait_seconds,
        leg_totals.leg_count,
        first_legs.is_transfer_chain,
        first_legs.is_answered and first_legs.is_realtime and leg_totals.all_connected_legs_have_handle_time
            as has_handle_time,
        case when first_legs.is_realtime and first_legs.is_answered then leg_totals.connected_seconds end
            as connected_seconds,
        case when first_legs.is_realtime and first_legs.is_answered then leg_totals.talk_seconds end as talk_seconds,
        case when first_legs.is_realtime and first_legs.is_answered then leg_totals.hold_seconds end as hold_seconds,
        case when first_legs.is_realtime and first_legs.is_answered then leg_totals.wrap_seconds end as wrap_seconds,
        case when first_legs.is_realtime and first_legs.is_answered then leg_totals.handle_seconds end
            as handle_seconds,
        case when first_legs.channel = 'chat' and first_legs.is_answered then first_legs.connected_seconds end
            as chat_duration_seconds,
        first_legs.first_response_seconds,
        first_legs.first_response_business_seconds,
        first_legs.resolution_seconds,
        first_legs.resolution_excluding_pending_seconds,
        first_legs.resolution_business_seconds,
        first_legs.reopen_count,
        first_legs.is_one_touch,
        first_legs.is_sla_met,
        first_legs.handoff_count,
        first_legs.is_fcr_agent,
        case
            when leg_totals.fcr_survey_response_count > 0
                then leg_totals.fcr_survey_yes_count = leg_totals.fcr_survey_response_count
        end as is_fcr_survey,
        first_legs.is_journey_fcr_eligible as is_fcr_eligible,
        first_legs.is_journey_fcr_repeat as is_fcr_repeat,
        first_legs.journey_has_repeat_contact as has_repeat_contact,
        leg_totals.csat_response_count,
        leg_totals.csat_score_sum,
        leg_totals.csat_satisfied_count,
        leg_totals.nps_response_count,
        leg_totals.nps_promoter_count,
        leg_totals.nps_passive_count,
        leg_totals.nps_detractor_count,
        leg_totals.fcr_survey_response_count,
        leg_totals.fcr_survey_yes_count,
        leg_totals.converted_order_count > 0 as is_converted,
        cast(leg_totals.converted_revenue as decimal(38, 6)) as converted_revenue
    from first_legs
    inner join leg_totals
        on first_legs.journey_key = leg_totals.journey_key

)

select * from final

{#- KPI helpers. -#}

{#- The floating-point type rates and averages are stored as. -#}
{% macro double_type() -%}
    {{ return(adapter.dispatch('double_type', 'contact_center')()) }}
{%- endmacro %}

{% macro default__double_type() -%}double{%- endmacro %}

{#- numerator / denominator as a double; null when the denominator is zero or null. -#}
{% macro ratio(numerator, denominator) -%}
(cast({{ numerator }} as {{ double_type() }}) / nullif({{ denominator }}, 0))
{%- endmacro %}

{#- 1 when the condition holds, else 0 (for counts). -#}
{% macro count_if(condition) -%}
cast(coalesce(sum(case when {{ condition }} then 1 else 0 end), 0) as bigint)
{%- endmacro %}

{#- The sum of a count column, 0 when empty, as a bigint. -#}
{% macro sum_count(expression) -%}
cast(coalesce(sum({{ expression }}), 0) as bigint)
{%- endmacro %}

{#- The counts and sums every contact KPI mart carries, aggregated from rows shaped
    like fct_journeys / fct_contacts. Counts and sums are 0 when empty;
    handle-time sums are null where the channel has no handle time (email,
    messaging), chat duration where the channel is not chat. -#}
{% macro contact_kpi_sums(handled='is_answered and has_handle_time') -%}
        {{ count_if('is_inbound') }} as contact_count,
        {{ count_if('is_offered') }} as offered_count,
        {{ count_if('is_answered') }} as answered_count,
        {{ count_if('is_abandoned') }} as abandoned_count,
        {{ count_if('is_short_abandoned') }} as short_abandoned_count,
        {{ count_if('is_unanswered') }} as unanswered_count,
        {{ count_if('is_self_served') }} as self_served_count,
        {{ count_if('is_phantom') }} as phantom_count,
        {{ count_if('is_service_level_eligible') }} as service_level_eligible_count,
        {{ count_if('is_service_level_eligible and is_within_service_level') }} as answered_within_sl_count,
        {{ count_if('is_answered and wait_seconds is not null') }} as answered_waited_count,
        coalesce(sum(case when is_answered then wait_seconds end), 0) as wait_seconds_answered_sum,
        {{ count_if('is_offered and not is_short_abandoned and wait_seconds is not null') }} as waited_count,
        coalesce(sum(case when is_offered and not is_short_abandoned then wait_seconds end), 0) as wait_seconds_sum,
        case when max(case when is_realtime then 1 else 0 end) = 1
            then {{ count_if(handled) }} end as handled_count,
        case when max(case when is_realtime then 1 else 0 end) = 1
            then coalesce(sum(case when {{ handled }} then handle_seconds end), 0) end
            as handle_seconds_sum,
        case when max(case when is_realtime then 1 else 0 end) = 1
            then coalesce(sum(case when {{ handled }} then talk_seconds end), 0) end
            as talk_seconds_sum,
        case when max(case when is_realtime then 1 else 0 end) = 1
            then coalesce(sum(case when {{ handled }} then hold_seconds end), 0) end
            as hold_seconds_sum,
        case when max(case when is_realtime then 1 else 0 end) = 1
            then coalesce(sum(case when {{ handled }} then wrap_seconds end), 0) end
            as wrap_seconds_sum,
        case when max(case when channel = 'chat' then 1 else 0 end) = 1
            then {{ count_if("is_answered and channel = 'chat' and connected_seconds is not null") }} end
            as chat_answered_count,
        case when max(case when channel = 'chat' then 1 else 0 end) = 1
            then coalesce(sum(case when is_answered and channel = 'chat' then chat_duration_seconds end), 0) end
            as chat_duration_seconds_sum,
        {{ count_if('is_answered and first_response_seconds is not null') }} as first_response_count,
        coalesce(sum(case when is_answered then first_response_seconds end), 0) as first_response_seconds_sum,
        coalesce(sum(case when is_answered then first_response_business_seconds end), 0)
            as first_response_business_seconds_sum,
        {{ count_if('resolution_seconds is not null') }} as resolved_count,
        coalesce(sum(resolution_seconds), 0) as resolution_seconds_sum,
        coalesce(sum(resolution_excluding_pending_seconds), 0) as resolution_excluding_pending_seconds_sum,
        coalesce(sum(resolution_business_seconds), 0) as resolution_business_seconds_sum,
        {{ sum_count('reopen_count') }} as reopen_count,
        {{ count_if('is_one_touch') }} as one_touch_count,
        {{ count_if('is_sla_met is not null') }} as sla_known_count,
        {{ count_if('is_sla_met') }} as sla_met_count,
        {{ count_if('handoff_count is not null') }} as handoff_known_count,
        {{ sum_count('handoff_count') }} as handoff_count_sum,
        {{ count_if('is_answered and is_fcr_agent') }} as fcr_agent_count,
        {{ sum_count('fcr_survey_response_count') }} as fcr_survey_response_count,
        {{ sum_count('fcr_survey_yes_count') }} as fcr_survey_yes_count,
        {{ count_if('is_fcr_eligible') }} as fcr_eligible_count,
        {{ count_if('is_fcr_repeat') }} as fcr_repeat_count,
        {{ count_if('has_repeat_contact') }} as repeat_contact_count,
        {{ sum_count('csat_response_count') }} as csat_response_count,
        {{ sum_count('csat_score_sum') }} as csat_score_sum,
        {{ sum_count('csat_satisfied_count') }} as csat_satisfied_count,
        {{ sum_count('nps_response_count') }} as nps_response_count,
        {{ sum_count('nps_promoter_count') }} as nps_promoter_count,
        {{ sum_count('nps_passive_count') }} as nps_passive_count,
        {{ sum_count('nps_detractor_count') }} as nps_detractor_count,
        {{ count_if('is_converted') }} as converted_count,
        cast(coalesce(sum(converted_revenue), 0) as decimal(38, 6)) as converted_revenue
{%- endmacro %}

{#- The rates built from contact_kpi_sums (never averages of averages). -#}
{% macro contact_kpi_rates() -%}
        {{ ratio('answered_within_sl_count', 'service_level_eligible_count') }} as service_level,
        {{ ratio('answered_count', 'offered_count') }} as answer_rate,
        case when is_realtime then {{ ratio('abandoned_count', 'offered_count - short_abandoned_count') }} end
            as abandon_rate,
        {{ ratio('wait_seconds_answered_sum', 'answered_waited_count') }} as asa_seconds,
        {{ ratio('wait_seconds_sum', 'waited_count') }} as avg_wait_seconds,
        {{ ratio('handle_seconds_sum', 'handled_count') }} as aht_seconds,
        {{ ratio('talk_seconds_sum', 'handled_count') }} as avg_talk_seconds,
        {{ ratio('hold_seconds_sum', 'handled_count') }} as avg_hold_seconds,
        {{ ratio('wrap_seconds_sum', 'handled_count') }} as avg_wrap_seconds,
        {{ ratio('chat_duration_seconds_sum', 'chat_answered_count') }} as avg_chat_duration_seconds,
        {{ ratio('first_response_seconds_sum', 'first_response_count') }} as avg_first_response_seconds,
        {{ ratio('first_response_business_seconds_sum', 'first_response_count') }}
            as avg_first_response_business_seconds,
        {{ ratio('resolution_seconds_sum', 'resolved_count') }} as avg_resolution_seconds,
        {{ ratio('resolution_excluding_pending_seconds_sum', 'resolved_count') }}
            as avg_resolution_excluding_pending_seconds,
        {{ ratio('resolution_business_seconds_sum', 'resolved_count') }} as avg_resolution_business_seconds,
        {{ ratio('one_touch_count', 'resolved_count') }} as one_touch_rate,
        {{ ratio('sla_met_count', 'sla_known_count') }} as sla_met_rate,
        {{ ratio('handoff_count_sum', 'handoff_known_count') }} as avg_handoffs,
        {{ ratio('fcr_repeat_count', 'fcr_eligible_count') }} as fcr_rate,
        {{ ratio('repeat_contact_count', 'fcr_eligible_count') }} as repeat_contact_rate,
        {{ ratio('fcr_agent_count', 'answered_count') }} as fcr_agent_rate,
        {{ ratio('fcr_survey_yes_count', 'fcr_survey_response_count') }} as fcr_survey_rate,
        {{ ratio('csat_score_sum', 'csat_response_count') }} as csat_avg,
        {{ ratio('csat_satisfied_count', 'csat_response_count') }} as csat_satisfied_rate,
        {{ ratio('csat_response_count', 'answered_count') }} as csat_response_rate,
        100 * {{ ratio('nps_promoter_count - nps_detractor_count', 'nps_response_count') }} as nps,
        {{ ratio('converted_count', 'answered_count') }} as conversion_rate
{%- endmacro %}

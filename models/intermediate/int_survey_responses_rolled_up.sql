{#- Survey responses per contact, however late they arrive; every response counts
    (a contact may have several). CSAT satisfied = 4 or 5; NPS promoters 9-10,
    passives 7-8, detractors 0-6. Responses about a contact that is not in the data
    are counted by test surveys_match_a_contact. -#}
with

surveys as (

    select * from {{ ref('stg_crm_export__surveys') }}

),

final as (

    select
        source_system || ':' || contact_id as contact_key,
        {{ count_if("survey_type = 'csat'") }} as csat_response_count,
        {{ sum_count("case when survey_type = 'csat' then score end") }} as csat_score_sum,
        {{ count_if("survey_type = 'csat' and score >= 4") }} as csat_satisfied_count,
        {{ count_if("survey_type = 'nps'") }} as nps_response_count,
        {{ count_if("survey_type = 'nps' and score >= 9") }} as nps_promoter_count,
        {{ count_if("survey_type = 'nps' and score between 7 and 8") }} as nps_passive_count,
        {{ count_if("survey_type = 'nps' and score <= 6") }} as nps_detractor_count,
        {{ sum_count("case when survey_type = 'nps' then score end") }} as nps_score_sum,
        {{ count_if("survey_type = 'fcr'") }} as fcr_survey_response_count,
        {{ count_if("survey_type = 'fcr' and score = 1") }} as fcr_survey_yes_count
    from surveys
    group by source_system, contact_id

)

select * from final

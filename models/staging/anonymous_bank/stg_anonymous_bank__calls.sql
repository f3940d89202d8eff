{#- The bank's calls in the canonical contact shape. Clock times are local
    (var anonymous_bank_timezone) on the call's date; a later time earlier than the
    arrival falls on the next day (the call crossed midnight); 0:00:00 in q_start,
    q_exit, ser_start and ser_exit means the step did not happen. -#}
{%- set tz = var('anonymous_bank_timezone') -%}

with

calls as (

    select * from {{ ref('base_anonymous_bank__calls') }}
    where _row_status = 'staged'

),

local_times as (

    select
        *,
        outcome_code = 'AGENT' or (outcome_code = 'HANG' and q_time_seconds > 0) as reached_queue,
        {{ add_whole_seconds('cast(call_date as timestamp)', 'vru_entry_seconds') }} as arrived_local,
        {{ bank_local_time('vru_exit', zero_is_missing=false) }} as vru_exit_local,
        {{ bank_local_time('q_start') }} as q_start_local,
        {{ bank_local_time('q_exit') }} as q_exit_local,
        {{ bank_local_time('ser_start') }} as ser_start_local,
        {{ bank_local_time('ser_exit') }} as ser_exit_local
    from calls

),

final as (

    select
        'anonymous_bank' as source_system,
        vru_line || '-' || call_id as contact_id,
        'voice' as channel,
        'inbound' as direction,
        type as queue,
        nullif(customer_id, '0') as customer_id,
        {{- absent_contact_columns(['customer_email_hash', 'customer_phone_hash']) }}
        {{ local_to_utc_lenient('arrived_local', tz) }} as created_at,
        case
            when reached_queue and q_time_seconds > 0 and q_start_local is not null
                then {{ local_to_utc_lenient('q_start_local', tz) }}
            when reached_queue then {{ local_to_utc_lenient('vru_exit_local', tz) }}
        end as queued_at,
        case when outcome_code = 'AGENT' then {{ local_to_utc_lenient('ser_start_local', tz) }} end as answered_at,
        case
            when outcome_code = 'AGENT' then {{ local_to_utc_lenient('ser_exit_local', tz) }}
            when reached_queue then {{ local_to_utc_lenient('q_exit_local', tz) }}
            else {{ local_to_utc_lenient('vru_exit_local', tz) }}
        end as ended_at,
        cast(null as timestamp) as wrap_ended_at,
        case when server not like '%NO_SERVER%' then server end as agent_id,
        cast(0 as {{ double_type() }}) as hold_seconds,
        {{- absent_contact_columns(['disposition', 'resolved_on_contact', 'transferred_from_contact_id', 'updated_at']) }}
        case outcome_code when 'AGENT' then 'answered' when 'PHANTOM' then 'phantom' end as source_outcome,
        case when reached_queue then cast(q_time_seconds as {{ double_type() }}) end as reported_wait_seconds,
        case when outcome_code = 'AGENT' then cast(ser_time_seconds as {{ double_type() }}) end as reported_talk_seconds,
        cast(null as {{ dbt.type_string() }}) as contact_subtype,
        priority,
        case
            when server like '%NO_SERVER%' and server <> 'NO_SERVER' then 'corrupted_server_name'
            when outcome_code = 'AGENT' and server = 'NO_SERVER' then 'answered_without_server'
            when outcome_code = 'AGENT' and ser_start = '0:00:00' then 'answer_time_unknown'
        end as data_quality_flag,
        {{- absent_contact_columns(['reported_resolved_at', 'is_sla_met', 'handoff_count', 'reported_reopen_count']) }}
        _file_name as source_file_name,
        _row_number as source_row_number
    from local_times

)

select * from final

{#- A clock time of a bank call record as a local timestamp on the call's date; a
    time earlier than the arrival falls on the next day (the call crossed midnight).
    With `zero_is_missing`, 0:00:00 means the step did not happen (null). -#}
{% macro bank_local_time(step, zero_is_missing=true) -%}
case
    when {{ 'true' if not zero_is_missing else step ~ " <> '0:00:00'" }}
        then {{ add_whole_seconds('cast(call_date as timestamp)',
            step ~ '_seconds + case when ' ~ step ~ '_seconds < vru_entry_seconds then 86400 else 0 end') }}
end
{%- endmacro %}

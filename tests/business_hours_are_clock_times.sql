-- Seed business_hours: opening and closing times are H:MM or HH:MM clock times from
-- 00:00 to 24:00 (a malformed time would otherwise give a queue no window that day).
{% set clock %}'^[0-9]{1,2}:[0-5][0-9]$'{% endset %}
with

hours as (

    select * from {{ ref('business_hours') }}

)

select
    queue,
    weekday,
    open_time,
    close_time
from hours
where
    case
        when {{ regex_matches('open_time', clock) }} and {{ regex_matches('close_time', clock) }}
            then
                cast(split_part(open_time, ':', 1) as integer) * 60 + cast(split_part(open_time, ':', 2) as integer) > 1440
                or cast(split_part(close_time, ':', 1) as integer) * 60 + cast(split_part(close_time, ':', 2) as integer) > 1440
        else true
    end

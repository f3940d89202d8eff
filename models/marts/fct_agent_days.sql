{#- Per agent and local day: time by state category (logged in = all but offline),
    contacts handled, tickets solved, and chat concurrency: the time-weighted mean
    number of simultaneous chats while the agent had at least one (total chat
    connected time / time covered by at least one chat), over the chats answered
    that day. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='reprocess',
    reprocess_by='activity_date',
    on_schema_change='fail',
) }}
{%- set tz = var('reporting_timezone') -%}

with

states as (

    select * from {{ ref('int_agent_states_split') }}

),

contacts as (

    select * from {{ ref('int_contacts_measured') }}
    where agent_key is not null

),

state_days as (

    select
        source_system,
        agent_key,
        activity_date,
        sum(case when state_category = 'handling' then state_seconds else 0 end) as handling_seconds,
        sum(case when state_category = 'available' then state_seconds else 0 end) as available_seconds,
        sum(case when state_category = 'not_ready' then state_seconds else 0 end) as not_ready_seconds,
        sum(case when state_category <> 'offline' then state_seconds else 0 end) as logged_in_seconds
    from states
    group by source_system, agent_key, activity_date

),

handled_days as (

    select
        source_system,
        agent_key,
        contact_date as activity_date,
        {{ count_if("is_connected") }} as contacts_handled_count
    from contacts
    group by source_system, agent_key, contact_date

),

solved_days as (

    select
        source_system,
        agent_key,
        {{ local_date('first_solved_at', tz) }} as activity_date,
        count(*) as solved_count
    from contacts
    where first_solved_at is not null
    group by source_system, agent_key, {{ local_date('first_solved_at', tz) }}

),

chats as (

    select
        source_system,
        agent_key,
        contact_date,
        answered_at,
        ended_at,
        max(ended_at) over (
            partition by source_system, agent_key, contact_date
            order by answered_at, ended_at, contact_key
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from contacts
    where channel = 'chat' and answered_at is not null and ended_at is not null and ended_at > answered_at

),

chat_islands as (

    select
        *,
        sum(case when covered_until is null or answered_at >= covered_until then 1 else 0 end) over (
            partition by source_system, agent_key, contact_date
            order by answered_at, ended_at
            rows between unbounded preceding and current row
        ) as island_number
    from chats

),

chat_days as (

    select
        source_system,
        agent_key,
        contact_date as activity_date,
        sum(chat_seconds) as chat_seconds,
        sum(island_seconds) as chat_covered_seconds
    from (
        select
            source_system,
            agent_key,
            contact_date,
            island_number,
            sum({{ elapsed_seconds('answered_at', 'ended_at') }}) as chat_seconds,
            {{ elapsed_seconds('min(answered_at)', 'max(ended_at)') }} as island_seconds
        from chat_islands
        group by source_system, agent_key, contact_date, island_number
    ) as islands
    group by source_system, agent_key, contact_date

),

agent_days as (

    select
        source_system,
        agent_key,
        activity_date
    from state_days
    union
    select
        source_system,
        agent_key,
        activity_date
    from handled_days
    union
    select
        source_system,
        agent_key,
        activity_date
    from solved_days

),

final as (

    select
        agent_days.source_system,
        agent_days.agent_key,
        agent_days.activity_date,
        coalesce(state_days.logged_in_seconds, 0) as logged_in_seconds,
        coalesce(state_days.handling_seconds, 0) as handling_seconds,
        coalesce(state_days.available_seconds, 0) as available_seconds,
        coalesce(state_days.not_ready_seconds, 0) as not_ready_seconds,
        coalesce(handled_days.contacts_handled_count, 0) as contacts_handled_count,
        coalesce(solved_days.solved_count, 0) as solved_count,
        coalesce(chat_days.chat_seconds, 0) as chat_seconds,
        coalesce(chat_days.chat_covered_seconds, 0) as chat_covered_seconds
    from agent_days
    left join state_days
        on
            agent_days.source_system = state_days.source_system
            and agent_days.agent_key = state_days.agent_key
            and agent_days.activity_date = state_days.activity_date
    left join handled_days
        on
            agent_days.source_system = handled_days.source_system
            and agent_days.agent_key = handled_days.agent_key
            and agent_days.activity_date = handled_days.activity_date
    left join solved_days
        on
            agent_days.source_system = solved_days.source_system
            and agent_days.agent_key = solved_days.agent_key
            and agent_days.activity_date = solved_days.activity_date
    left join chat_days
        on
            agent_days.source_system = chat_days.source_system
            and agent_days.agent_key = chat_days.agent_key
            and agent_days.activity_date = chat_days.activity_date

)

select * from final

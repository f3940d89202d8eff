{#- Agents, from the agents entity and every agent seen on a contact or in the
    agent-state log. Names are kept (managers need them); emails and phones are not. -#}
with

agents as (

    select * from {{ ref('stg_crm_export__agents') }}

),

contacts as (

    select distinct
        source_system,
        agent_id
    from {{ ref('int_contacts_identified') }}
    where agent_id is not null

),

states as (

    select distinct
        source_system,
        agent_id
    from {{ ref('stg_crm_export__agent_states') }}

),

seen as (

    select
        source_system,
        agent_id
    from agents
    union
    select
        source_system,
        agent_id
    from contacts
    union
    select
        source_system,
        agent_id
    from states

),

final as (

    select
        seen.source_system || ':' || seen.agent_id as agent_key,
        seen.source_system,
        seen.agent_id,
        agents.agent_name,
        agents.team,
        agents.site,
        agents.hired_on,
        agents.is_active,
        agents.agent_id is not null as is_in_agent_list
    from seen
    left join agents
        on
            seen.source_system = agents.source_system
            and seen.agent_id = agents.agent_id

)

select * from final

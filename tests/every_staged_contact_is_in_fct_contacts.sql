-- Every staged contact reaches fct_contacts (nothing is lost between staging and
-- the marts), and every contact in fct_contacts comes from staging or from a
-- sessionized conversation.
with

staged as (

    select source_system || ':' || contact_id as contact_key
    from ({{ union_staged_contacts() }}) as contacts

),

conversations as (

    select source_system || ':conversation:' || conversation_id as contact_key
    from {{ ref('int_conversations_summarized') }}

),

expected as (

    select contact_key from staged
    union all
    select contact_key from conversations

),

facts as (

    select contact_key from {{ ref('fct_contacts') }}

),

missing as (

    select
        expected.contact_key,
        'missing from fct_contacts' as problem
    from expected
    left join facts on expected.contact_key = facts.contact_key
    where facts.contact_key is null

),

unexpected as (

    select
        facts.contact_key,
        'not in staging' as problem
    from facts
    left join expected on facts.contact_key = expected.contact_key
    where expected.contact_key is null

)

select * from missing
union all
select * from unexpected

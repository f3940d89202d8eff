{#- Nothing is lost between a raw relation and staging: every raw row is staged,
    quarantined in rejected_rows, or collapsed (an exact duplicate or a superseded
    version, counted from the entity's base model). Fails with the counts when
    raw rows != staged + rejected + collapsed. Applied to a staging model. -#}
{% test row_accounting(model, raw_relation, base_relation, source_system, entity, per_record=false) %}

with

raw_rows as (
    select count(*) as n from {{ raw_relation }}
),

staged_rows as (
    {%- if per_record %}
    -- the model keeps one row per record built from many staged raw rows
    select count(*) as n from {{ base_relation }} where _row_status = 'staged'
    {%- else %}
    select count(*) as n from {{ model }}
    {%- endif %}
),

rejected as (
    select count(*) as n from {{ ref('rejected_rows') }}
    where source_system = '{{ source_system }}' and entity = '{{ entity }}'
),

collapsed as (
    select count(*) as n from {{ base_relation }}
    where _row_status in ('duplicate', 'superseded')
),

accounted as (
    select
        raw_rows.n as raw_count,
        staged_rows.n as staged_count,
        rejected.n as rejected_count,
        collapsed.n as collapsed_count
    from raw_rows
    cross join staged_rows
    cross join rejected
    cross join collapsed
)

select * from accounted
where raw_count <> staged_count + rejected_count + collapsed_count

{% endtest %}

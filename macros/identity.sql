{#- Customer identity helpers. -#}

{#- A phone as digits only: phones are compared this way when matching customers. -#}
{% macro phone_digits(phone) -%}
nullif({{ regex_replace_all(phone, "'[^0-9]'", "''") }}, '')
{%- endmacro %}

{#- The warehouse key of a known customer. -#}
{% macro customer_key(source_system, customer_id) -%}
({{ source_system }} || ':' || {{ customer_id }})
{%- endmacro %}

{#- The key of a customer known only by an identifier (no customer record). -#}
{% macro anonymous_customer_key(source_system, identifier_hash) -%}
({{ source_system }} || ':anonymous:' || {{ identifier_hash }})
{%- endmacro %}

{#- A salted one-way hash of personal data (var pii_salt). -#}
{% macro pii_hash(value) -%}
case when {{ value }} is not null then {{ dbt.hash(dbt.concat(["'" ~ (var('pii_salt') | replace("'", "''")) ~ "'", "'|'", value])) }} end
{%- endmacro %}

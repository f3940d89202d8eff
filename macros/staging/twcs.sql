{#- Columns of a Customer Support on Twitter (TWCS) export (read by model
    raw_twcs__tweets). -#}
{% macro twcs_columns() %}
    {%- set columns = [] -%}
    {%- for name in ['tweet_id', 'author_id', 'inbound', 'created_at', 'text', 'response_tweet_id', 'in_response_to_tweet_id'] -%}
        {%- do columns.append({'name': name, 'required': name in ('tweet_id', 'author_id', 'inbound', 'created_at')}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}

{#- On every row, the parts add up to the total (e.g. answered + abandoned +
    short_abandoned + unanswered = offered). -#}
{% test counts_add_up(model, parts, total) %}

select *
from {{ model }}
where {{ parts | join(' + ') }} <> {{ total }}

{% endtest %}

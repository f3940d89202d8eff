{#- Tweets as messages without a contact id, to be sessionized per customer and brand
    (the brand is the queue). A customer's tweet (inbound) has the customer as
    author; a brand's reply has the brand as author and its customer is the author
    of the customer tweet it answers (in_response_to_tweet_id), else the first
    @mention of the reply. A customer tweet's brand is the brand it answers or that
    answers it, else the first brand it mentions. A sign-off at the end of a reply
    (^JK, -KC, -Becky) becomes the agent within that brand. -#}
with

tweets as (

    select * from {{ ref('base_twcs__tweets') }}
    where _row_status = 'staged'

),

brands as (

    select distinct author_id as brand
    from tweets
    where not is_inbound

),

replies as (

    select
        replied_to_tweet_id,
        min(author_id) as replying_brand
    from tweets
    where not is_inbound and replied_to_tweet_id is not null
    group by replied_to_tweet_id

),

mentions as (

    select
        tweet_id,
        {% set mention %}'^\s*@(\w+)'{% endset %}{{ regex_extract('text', mention, 1) }} as first_mention
    from tweets

),

linked as (

    select
        tweets.*,
        previous.author_id as previous_author_id,
        previous.is_inbound as previous_is_inbound,
        replies.replying_brand,
        nullif(mentions.first_mention, '') as first_mention
    from tweets
    left join tweets as previous
        on tweets.replied_to_tweet_id = previous.tweet_id
    left join replies
        on tweets.tweet_id = replies.replied_to_tweet_id
    left join mentions
        on tweets.tweet_id = mentions.tweet_id

),

attributed as (

    select
        linked.*,
        case
            when not linked.is_inbound then linked.author_id
            when not linked.previous_is_inbound then linked.previous_author_id
            when linked.replying_brand is not null then linked.replying_brand
            else mentioned_brand.brand
        end as brand,
        case
            when linked.is_inbound then linked.author_id
            when linked.previous_is_inbound then linked.previous_author_id
            else linked.first_mention
        end as customer,
        {% set sign_off %}'(?:\^|\s[-–~]\s?)([A-Z][A-Za-z]{0,15})\s*$'{% endset %}nullif({{ regex_extract('linked.text', sign_off, 1) }}, '') as sign_off
    from linked
    left join brands as mentioned_brand
        on linked.first_mention = mentioned_brand.brand

),

final as (

    select
        'twcs' as source_system,
        tweet_id as message_id,
        cast(null as {{ dbt.type_string() }}) as contact_id,
        'messaging' as channel,
        customer as customer_id,
        cast(null as {{ dbt.type_string() }}) as customer_handle_hash,
        case when is_inbound then 'customer' else 'agent' end as sender_type,
        case when not is_inbound and sign_off is not null then brand || '/' || sign_off end as agent_id,
        tweeted_at as sent_at,
        cast(length(text) as bigint) as text_length,
        coalesce(brand, 'unassigned') as queue,
        _file_name as source_file_name,
        _row_number as source_row_number
    from attributed

)

select * from final

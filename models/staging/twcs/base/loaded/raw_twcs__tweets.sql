-- On engines that cannot run the Python reader (file_reader/raw_twcs__tweets.py),
-- the same rows as loaded by scripts/load_exports.py.
select
    _file_name,
    _file_id,
    _row_number,
    tweet_id,
    author_id,
    inbound,
    created_at,
    text,
    response_tweet_id,
    in_response_to_tweet_id,
    _raw_json
from {{ source('twcs', 'tweets') }}

-- Transfer chains are followed up to var max_transfer_legs legs; a longer chain or
-- a loop would get a wrong journey_key.
select
    contact_key,
    journey_key
from {{ ref('int_contacts_chained') }}
where exceeds_leg_limit

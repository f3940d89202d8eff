{{ config(severity='warn') }}
-- Survey responses about a contact that is not in the data (it may arrive in a
-- later export) count nowhere yet; this warns with their number.
select surveys.response_id
from {{ ref('stg_crm_export__surveys') }} as surveys
left join {{ ref('fct_contacts') }} as contacts
    on surveys.source_system || ':' || surveys.contact_id = contacts.contact_key
where contacts.contact_key is null

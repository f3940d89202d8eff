{#- Incremental strategy `reprocess`: replaces a slice of the stored table with the
    freshly computed rows, so that an incremental build always leaves the table a
    full rebuild would. Two kinds of slice, chosen by config `reprocess_by`:

    - 'file' (staging base models): the batch holds the rows of newly delivered
      files and the stored rows it re-judged. Stored rows of files that are gone
      or were replaced (config `current_files_sql` lists the files present now)
      and stored copies of re-judged rows are deleted; the batch is inserted.

    - a date column (facts and marts): the batch holds every row, recomputed. The
      slice starts at the earliest date whose rows differ between the batch and
      the stored table (new, changed or vanished rows) and at the latest
      `lookback_days` days at the most; stored rows from that date on are
      replaced by the batch's. How far back a late survey, order, update or
      repeat contact reaches is thus read from the data, not assumed. -#}

{% macro get_incremental_reprocess_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set batch = arg_dict['temp_relation'] -%}
    {%- set columns = [] -%}
    {%- for column in arg_dict['dest_columns'] %}{% do columns.append(adapter.quote(column.name)) %}{% endfor -%}
    {%- set column_list = columns | join(', ') -%}
    {%- set reprocess_by = config.get('reprocess_by') -%}
    {%- if reprocess_by == 'file' %}
delete from {{ target }}
where _file_id not in ({{ config.get('current_files_sql') }});

delete from {{ target }} as stored
using {{ batch }} as batch
where stored._file_id = batch._file_id and stored._row_number = batch._row_number;

insert into {{ target }} ({{ column_list }})
select {{ column_list }} from {{ batch }};
    {%- elif reprocess_by %}
        {%- set start = reprocess_start_date(target, batch, reprocess_by, column_list) -%}
        {%- do log(this.identifier ~ ": reprocessing " ~ reprocess_by ~ " from " ~ (start or 'nothing (no rows)'), info=false) -%}
        {%- if start is none %}
select 1;
        {%- else %}
delete from {{ target }} where {{ reprocess_by }} >= '{{ start }}';

insert into {{ target }} ({{ column_list }})
select {{ column_list }} from {{ batch }} where {{ reprocess_by }} >= '{{ start }}';
        {%- endif %}
    {%- else -%}
        {{ exceptions.raise_compiler_error("incremental_strategy 'reprocess' needs config reprocess_by ('file' or a date column)") }}
    {%- endif %}
{% endmacro %}

{#- The first date to rebuild: the earliest date of any row that is new, changed or
    gone, or the start of the last `lookback_days` days of stored data, whichever
    is earlier; none when both tables are empty. -#}
{% macro reprocess_start_date(target, batch, date_column, column_list) %}
    {%- set query -%}
        with

        changed as (

            select {{ date_column }} as changed_on
            from (
                select {{ column_list }} from {{ batch }}
                except
                select {{ column_list }} from {{ target }}
            ) as added
            union all
            select {{ date_column }} as changed_on
            from (
                select {{ column_list }} from {{ target }}
                except
                select {{ column_list }} from {{ batch }}
            ) as removed

        ),

        lookback as (

            select max({{ date_column }}) - {{ var('lookback_days') | int - 1 }} as lookback_start
            from {{ target }}

        )

        select cast(
            case
                when (select min(changed_on) from changed) is null then (select lookback_start from lookback)
                when (select lookback_start from lookback) is null then (select min(changed_on) from changed)
                else least((select min(changed_on) from changed), (select lookback_start from lookback))
            end as date
        ) as start_date

    {%- endset -%}
    {%- set result = run_query(query) -%}
    {%- set start = result.columns[0].values()[0] -%}
    {{ return(start | string if start is not none else none) }}
{% endmacro %}

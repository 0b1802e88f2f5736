alter table abkit_exposures add column multiple boolean default false not null;

alter table abkit_events drop constraint abkit_events_pkey;

alter table abkit_events add primary key (unit, id);

drop index if exists abkit_events_name_unit_ts;

create index abkit_events_name_unit_ts on abkit_events (name, unit, ts) include (value);

insert into abkit_schema_version (version, applied_at) select 2, current_timestamp where not exists (select 1 from abkit_schema_version where version = 2);

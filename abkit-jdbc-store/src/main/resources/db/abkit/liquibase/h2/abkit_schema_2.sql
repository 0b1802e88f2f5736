alter table abkit_exposures add column multiple boolean default false not null;

alter table abkit_events drop primary key;

alter table abkit_events add primary key (unit, id);

insert into abkit_schema_version (version, applied_at) select 2, current_timestamp where not exists (select 1 from abkit_schema_version where version = 2);

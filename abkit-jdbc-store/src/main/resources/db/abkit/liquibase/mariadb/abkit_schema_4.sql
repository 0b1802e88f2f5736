insert into abkit_schema_version (version, applied_at) select 4, current_timestamp where not exists (select 1 from abkit_schema_version where version = 4);

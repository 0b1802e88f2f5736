-- abkit JDBC store, schema version 2 to 3, h2, table prefix abkit_.
-- JdbcStore.migrationSql(Dialect.H2, "abkit_", 2): each unit's attribute values, the first
-- received, for breakdowns by dimension. Applied after V2 by Flyway.

create table if not exists abkit_exposure_attributes (
  experiment varchar(64) not null,
  unit varchar(256) not null,
  name varchar(64) not null,
  "VALUE" varchar(128) not null,
  primary key (experiment, unit, name)
);

insert into abkit_schema_version (version, applied_at) select 3, current_timestamp where not exists (select 1 from abkit_schema_version where version = 3);

-- abkit JDBC store, schema version 1, h2, table prefix abkit_.
-- The DDL of JdbcStore.schemaSql(Dialect.H2, "abkit_"). Run it with its own Flyway
-- history table and set abkit.store.jdbc.create-schema=false (README, "Migrations").

create table if not exists abkit_schema_version (
  version integer not null primary key,
  applied_at timestamp(6) with time zone not null
);

create table if not exists abkit_exposures (
  experiment varchar(64) not null,
  unit varchar(256) not null,
  variant varchar(128) not null,
  ts timestamp(6) with time zone not null,
  primary key (experiment, unit)
);

create table if not exists abkit_events (
  id varchar(128) not null primary key,
  unit varchar(256) not null,
  name varchar(64) not null,
  ts timestamp(6) with time zone not null,
  "VALUE" double precision null,
  props varchar null
);

create table if not exists abkit_assignments (
  experiment varchar(64) not null,
  unit varchar(256) not null,
  salt varchar(255) not null,
  variant varchar(128) not null,
  ts timestamp(6) with time zone not null,
  primary key (experiment, unit)
);

create index if not exists abkit_events_name_unit_ts on abkit_events (name, unit, ts);

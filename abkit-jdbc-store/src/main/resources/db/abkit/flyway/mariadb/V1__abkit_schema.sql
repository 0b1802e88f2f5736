-- abkit JDBC store, schema version 1, mariadb, table prefix abkit_.
-- The DDL of JdbcStore.schemaSql(Dialect.MARIADB, "abkit_"). Run it with its own Flyway
-- history table and set abkit.store.jdbc.create-schema=false (README, "Migrations").

create table if not exists abkit_schema_version (
  version integer not null primary key,
  applied_at datetime(6) not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

create table if not exists abkit_exposures (
  experiment varchar(64) not null,
  unit varchar(256) not null,
  variant varchar(128) not null,
  ts datetime(6) not null,
  primary key (experiment, unit)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

create table if not exists abkit_events (
  id varchar(128) not null primary key,
  unit varchar(256) not null,
  name varchar(64) not null,
  ts datetime(6) not null,
  value double precision null,
  props json null,
  index abkit_events_name_unit_ts (name, unit, ts)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

create table if not exists abkit_assignments (
  experiment varchar(64) not null,
  unit varchar(256) not null,
  salt varchar(255) not null,
  variant varchar(128) not null,
  ts datetime(6) not null,
  primary key (experiment, unit)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

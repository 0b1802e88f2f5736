-- abkit JDBC store, schema version 3 to 4, postgresql, table prefix abkit_.
-- JdbcStore.migrationSql(Dialect.POSTGRESQL, "abkit_", 3): exposures, events and attributes record the
-- transaction that wrote each row (txid, with a BRIN index), and the per-unit rollups of the
-- results reads get their tables. Rows from before keep a null txid. Applied after V3 by Flyway.

alter table abkit_exposures add column txid bigint;

alter table abkit_exposures alter column txid set default txid_current();

alter table abkit_events add column txid bigint;

alter table abkit_events alter column txid set default txid_current();

alter table abkit_exposure_attributes add column txid bigint;

alter table abkit_exposure_attributes alter column txid set default txid_current();

create index if not exists abkit_exposures_txid on abkit_exposures using brin (txid);

create index if not exists abkit_events_txid on abkit_events using brin (txid);

create index if not exists abkit_exposure_attributes_txid on abkit_exposure_attributes using brin (txid);

create table if not exists abkit_rollups (
  rollup varchar(64) collate "C" not null primary key,
  definition varchar(4000) collate "C" not null,
  experiment varchar(64) collate "C" not null,
  watermark bigint not null,
  refreshed_at timestamptz not null
);

create table if not exists abkit_rollup_units (
  rollup varchar(64) collate "C" not null,
  unit varchar(256) collate "C" not null,
  variant varchar(128) collate "C" not null,
  multiple boolean not null,
  segment varchar(128) collate "C" null,
  exposure_day date not null,
  y_total double precision not null,
  y_events bigint not null,
  y_first_day date null,
  x_total double precision not null,
  x_events bigint not null,
  primary key (rollup, unit)
);

create table if not exists abkit_rollup_totals (
  rollup varchar(64) collate "C" not null,
  variant varchar(128) collate "C" not null,
  multiple boolean not null,
  segment varchar(128) collate "C" null,
  units bigint not null,
  converted bigint not null,
  y_sum numeric not null,
  y_squares numeric not null,
  paired bigint not null,
  paired_x_sum numeric not null,
  paired_x_squares numeric not null,
  paired_xy_sum numeric not null,
  x_units bigint not null,
  xy_units bigint not null
);

create index if not exists abkit_rollup_totals_rollup on abkit_rollup_totals (rollup);

insert into abkit_schema_version (version, applied_at) select 4, current_timestamp where not exists (select 1 from abkit_schema_version where version = 4);

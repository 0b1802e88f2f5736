create table if not exists abkit_schema_version (
  version integer not null primary key,
  applied_at timestamptz not null
);

create table if not exists abkit_exposures (
  experiment varchar(64) collate "C" not null,
  unit varchar(256) collate "C" not null,
  variant varchar(128) collate "C" not null,
  ts timestamptz not null,
  primary key (experiment, unit)
);

create table if not exists abkit_events (
  id varchar(128) collate "C" not null primary key,
  unit varchar(256) collate "C" not null,
  name varchar(64) collate "C" not null,
  ts timestamptz not null,
  value double precision null,
  props jsonb null
);

create table if not exists abkit_assignments (
  experiment varchar(64) collate "C" not null,
  unit varchar(256) collate "C" not null,
  salt varchar(255) collate "C" not null,
  variant varchar(128) collate "C" not null,
  ts timestamptz not null,
  primary key (experiment, unit)
);

create index if not exists abkit_events_name_unit_ts on abkit_events (name, unit, ts) include (value);

-- abkit JDBC store, schema version 1 to 2, mariadb, table prefix abkit_.
-- JdbcStore.migrationSql(Dialect.MARIADB, "abkit_", 1): units exposed to two variants are
-- marked (multiple), event ids are unique per unit (unit, id). Applied after V1 by Flyway.

alter table abkit_exposures add column multiple boolean default false not null;

alter table abkit_events drop primary key, add primary key (unit, id);

insert into abkit_schema_version (version, applied_at) select 2, current_timestamp where not exists (select 1 from abkit_schema_version where version = 2);

-- abkit JDBC store, schema version 3 to 4, h2, table prefix abkit_.
-- JdbcStore.migrationSql(Dialect.H2, "abkit_", 3): version 4 changes PostgreSQL's tables only
-- (change tracking and the per-unit rollups); here it records the version. Applied after V3 by Flyway.

insert into abkit_schema_version (version, applied_at) select 4, current_timestamp where not exists (select 1 from abkit_schema_version where version = 4);

package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables: created when asked, and their version checked, once per store on the first
 * connection that succeeds. Until then {@link #ensureReady} tries again on every call, so a store
 * built while the database was down gets its schema as soon as the database is back.
 *
 * <p>Thread-safe: concurrent first calls create and check the schema once.
 */
public final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);

  private final Jdbi jdbi;
  private final Sql sql;
  private final boolean create;
  private final Clock clock;
  private volatile boolean ready;

  /**
   * @param create whether to create missing tables and indexes (idempotent DDL)
   * @param clock stamps the recorded schema version
   */
  public Schema(Jdbi jdbi, Sql sql, boolean create, Clock clock) {
    this.jdbi = jdbi;
    this.sql = sql;
    this.create = create;
    this.clock = clock;
  }

  /** The DDL as a script of {@code ;}-terminated statements, for a DBA to review and apply. */
  public static String script(Sql sql) {
    return script(sql.ddl());
  }

  /** The migration from schema version {@code from} as a script, like {@link #script(Sql)}. */
  public static String migrationScript(Sql sql, int from) {
    return script(sql.migration(from));
  }

  private static String script(List<String> statements) {
    return statements.stream().map(s -> s + ";\n").collect(Collectors.joining("\n"));
  }

  /**
   * Returns at once once the schema is known to be in place; otherwise creates (when asked) and
   * checks it.
   *
   * @throws IllegalStateException if the tables are missing and creation is off, or the database
   *     holds a newer schema version than this code supports
   * @throws JdbiException if the database cannot be reached
   */
  public void ensureReady() {
    if (!ready) {
      init();
    }
  }

  private synchronized void init() {
    if (ready) {
      return;
    }
    jdbi.useHandle(
        h -> {
          Integer version = create ? storedVersion(h) : null;
          if (create && version != null && version < Sql.SCHEMA_VERSION) {
            migrate(h, version);
          } else if (create) {
            createTables(h);
          }
          checkVersion(h);
        });
    ready = true;
  }

  /** The recorded schema version; {@code null} without the table or a row in it. */
  private Integer storedVersion(Handle h) {
    try {
      return h.createQuery(sql.maxVersion()).mapTo(Integer.class).findOne().orElse(null);
    } catch (JdbiException e) {
      return null; // no version table yet: a new database
    }
  }

  /**
   * Takes tables of version {@code from} to the current one, statement by statement ({@link
   * Sql#migration}), recording each version reached. PostgreSQL runs each step in a transaction
   * that first locks the version table, so of two stores starting at once one migrates and the
   * other finds the work done; MariaDB commits DDL as it goes, so there a crash mid-step leaves the
   * step to finish by hand (the log names it).
   */
  private void migrate(Handle h, int from) {
    for (int version = from; version < Sql.SCHEMA_VERSION; version++) {
      int step = version;
      log.info("migrating tables {}* from schema version {} to {}", sql.prefix(), step, step + 1);
      h.useTransaction(
          tx -> {
            if (sql.dialect() == Dialect.POSTGRESQL) {
              tx.execute("lock table " + sql.schemaVersion() + " in exclusive mode");
              Integer now = tx.createQuery(sql.maxVersion()).mapTo(Integer.class).one();
              if (now != null && now > step) {
                return; // another store migrated meanwhile
              }
            }
            for (String statement : sql.migration(step)) {
              tx.execute(statement); // the last one records the version reached
            }
          });
    }
  }

  private void createTables(Handle h) {
    for (String ddl : sql.ddl()) {
      try {
        h.execute(ddl);
      } catch (JdbiException e) {
        // Two stores creating the same tables at once can collide inside PostgreSQL's catalog
        // even with IF NOT EXISTS; the statement is idempotent, so run it once more.
        log.debug("retrying schema statement after {}", e.getMessage());
        h.execute(ddl);
      }
    }
    recordVersion(h);
  }

  private void checkVersion(Handle h) {
    Integer version;
    try {
      version = h.createQuery(sql.maxVersion()).mapTo(Integer.class).one();
    } catch (JdbiException e) {
      throw new IllegalStateException(
          "cannot read table "
              + sql.schemaVersion()
              + ": create the schema with JdbcStore.builder().createSchema(true) or apply "
              + "JdbcStore.schemaSql("
              + sql.dialect()
              + ", \""
              + sql.prefix()
              + "\")",
          e);
    }
    if (version == null) {
      // Tables a DBA applied from the script: record the version they were created at.
      recordVersion(h);
    } else if (version < Sql.SCHEMA_VERSION) {
      throw new IllegalStateException(
          "tables "
              + sql.prefix()
              + "* have schema version "
              + version
              + ", older than the "
              + Sql.SCHEMA_VERSION
              + " this abkit-jdbc-store needs: apply the migration (Flyway "
              + "db/abkit/flyway/<dialect>/V"
              + Sql.SCHEMA_VERSION
              + "__*.sql, Liquibase db/abkit/liquibase/abkit-changelog.xml, or"
              + " JdbcStore.migrationSql) or build the store with createSchema(true)");
    } else if (version > Sql.SCHEMA_VERSION) {
      throw new IllegalStateException(
          "tables "
              + sql.prefix()
              + "* have schema version "
              + version
              + ", newer than the "
              + Sql.SCHEMA_VERSION
              + " this abkit-jdbc-store supports: upgrade abkit");
    }
  }

  private void recordVersion(Handle h) {
    h.createUpdate(sql.recordVersion())
        .bind(0, Sql.SCHEMA_VERSION)
        .bind(1, clock.instant())
        .execute();
  }
}

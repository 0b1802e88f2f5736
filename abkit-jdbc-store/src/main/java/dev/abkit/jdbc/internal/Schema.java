package dev.abkit.jdbc.internal;

import java.time.Clock;
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
    return sql.ddl().stream().map(s -> s + ";\n").collect(Collectors.joining("\n"));
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
          if (create) {
            createTables(h);
          }
          checkVersion(h);
        });
    ready = true;
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

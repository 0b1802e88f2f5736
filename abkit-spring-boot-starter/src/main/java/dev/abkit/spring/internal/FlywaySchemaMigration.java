package dev.abkit.spring.internal;

import dev.abkit.jdbc.Dialect;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * abkit's tables as Flyway migrations, run beside the application's own: the scripts
 * abkit-jdbc-store ships under {@code db/abkit/flyway/<dialect>}, with their own history table
 * ({@value #HISTORY_TABLE}) so that abkit's version numbers never meet the application's (both
 * start at V1, and one Flyway refuses two migrations of one version). It runs on the DataSource and
 * default schema of the application's Flyway bean (so {@code spring.flyway.url}/{@code user} and
 * {@code default-schema} apply), after the application's migrations.
 *
 * <p>Baselined at version 0: a schema that already holds the application's tables, or abkit's
 * tables created earlier by the store itself, still runs every abkit script (they are idempotent,
 * {@code create ... if not exists}).
 */
public final class FlywaySchemaMigration implements SchemaMigration {
  /** The history table of abkit's migrations. */
  public static final String HISTORY_TABLE = "abkit_flyway_history";

  private final Flyway app;

  /**
   * @param app the application's Flyway (Boot's auto-configured one)
   */
  public FlywaySchemaMigration(Flyway app) {
    this.app = app;
  }

  @Override
  public boolean migrate(Dialect dialect) {
    Configuration c = app.getConfiguration();
    var abkit =
        Flyway.configure(c.getClassLoader())
            .dataSource(c.getDataSource())
            .locations("classpath:db/abkit/flyway/" + dialect.name().toLowerCase(Locale.ROOT))
            .table(HISTORY_TABLE)
            .baselineOnMigrate(true)
            .baselineVersion("0");
    if (c.getDefaultSchema() != null) {
      abkit.defaultSchema(c.getDefaultSchema());
    }
    abkit.load().migrate();
    return true;
  }
}

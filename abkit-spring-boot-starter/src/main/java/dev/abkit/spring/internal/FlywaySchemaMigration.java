package dev.abkit.spring.internal;

import dev.abkit.jdbc.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
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
 * <p>The first run baselines the history (Flyway refuses a schema that holds tables but not its
 * history table, and the application's tables are there): at the schema version recorded in {@code
 * abkit_schema_version} when the store created abkit's tables itself before (its tables at version
 * N are what scripts V1..VN make, so only later scripts run), else at 0, so that every script runs.
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
            .baselineVersion(
                Integer.toString(storeCreatedVersion(c.getDataSource(), c.getDefaultSchema())));
    if (c.getDefaultSchema() != null) {
      abkit.defaultSchema(c.getDefaultSchema());
    }
    abkit.load().migrate();
    return true;
  }

  /**
   * The version in {@code abkit_schema_version}, where the store records the schema it created, or
   * 0 when there is none (no such table: abkit's tables were never created).
   */
  static int storeCreatedVersion(DataSource ds, String schema) {
    String table = (schema == null ? "" : schema + ".") + "abkit_schema_version";
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select max(version) from " + table)) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      return 0;
    }
  }
}

package dev.abkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.event.Observation;
import dev.abkit.jdbc.internal.Drivers;
import dev.abkit.jdbc.internal.Schema;
import dev.abkit.jdbc.internal.Sql;
import dev.abkit.jdbc.internal.SqlStates;
import dev.abkit.jdbc.internal.StatsReader;
import dev.abkit.jdbc.internal.StickyAssignments;
import dev.abkit.jdbc.internal.Timestamps;
import dev.abkit.jdbc.internal.Writer;
import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.RecordRejectedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * abkit's store on a JDBC database (PostgreSQL, MariaDB/MySQL, H2): exposures, events and sticky
 * assignments in five tables (seven on PostgreSQL), written in batches and analysed with aggregate
 * SQL.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder()
 *     .url("jdbc:postgresql://db/app").username("app").password(secret)
 *     .createSchema(true)
 *     .build();
 * AbKit abkit = AbKit.builder().manifest(path).eventStore(store).assignmentStore(store).build();
 * }</pre>
 *
 * <p>Tables ({@code abkit_} is the default prefix): {@code abkit_exposures} (primary key experiment
 * + unit: the first exposure is kept), {@code abkit_exposure_attributes} (primary key experiment +
 * unit + name: the first value received of each exposure attribute, for breakdowns by dimension),
 * {@code abkit_events} (primary key unit + id), {@code abkit_assignments} (primary key experiment +
 * unit) and {@code abkit_schema_version}; on PostgreSQL also {@code abkit_rollups}, {@code
 * abkit_rollup_units} and {@code abkit_rollup_totals}, the per-unit rollups the results reads keep
 * current at each read, and a {@code txid} column (the transaction that last wrote the row) on
 * exposures, attributes and events (schema version 4). {@link #schemaSql} prints the DDL for a DBA.
 *
 * <p>The store starts even when the database is down (the pool connects lazily); the schema is
 * checked, and created when asked, on the first successful connection. Until then every call
 * throws, and abkit's pipeline retries and journals.
 *
 * <p>A spec {@code jdbc:<url>} (web.xml's {@code abkit.store}, or {@link
 * dev.abkit.spi.StoreProviders#open}) opens one with {@code createSchema(true)}: this module
 * provides the {@code jdbc} {@link dev.abkit.spi.StoreProvider}.
 *
 * <p>Thread-safe. One instance serves as both {@link EventStore} and {@link AssignmentStore};
 * {@link #close()} is idempotent, so handing it to AbKit as both is fine.
 */
public final class JdbcStore implements EventStore, AssignmentStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);

  /** Table prefixes: lower case so every database folds them the same way. */
  public static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

  private static final int PING_TIMEOUT_SECONDS = 2;

  private final Sql sql;
  private final Jdbi jdbi;
  private final Schema schema;
  private final Writer writer;
  private final StatsReader stats;
  private final StickyAssignments assignments;
  private final HikariDataSource ownedPool;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Optional<String> identity;

  private JdbcStore(Builder b, Dialect dialect, DataSource dataSource, HikariDataSource ownedPool) {
    this.sql = new Sql(dialect, b.tablePrefix);
    this.jdbi = Jdbi.create(dataSource);
    jdbi.registerArgument(Timestamps.argumentFactory(dialect));
    this.schema = new Schema(jdbi, sql, b.createSchema, b.clock);
    this.writer = new Writer(jdbi, sql);
    this.stats = new StatsReader(jdbi, sql);
    this.assignments = new StickyAssignments(jdbi, sql, b.clock);
    this.ownedPool = ownedPool;
    String url =
        b.url != null ? b.url : dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : null;
    this.identity =
        url == null ? Optional.empty() : Optional.of(withoutCredentials(url) + " " + b.tablePrefix);
  }

  /**
   * Which tables this store writes: its JDBC URL without user information or parameters (they may
   * carry credentials), and its table prefix; empty for a {@code DataSource} whose URL the store
   * cannot see (not a HikariCP pool).
   */
  @Override
  public Optional<String> identity() {
    return identity;
  }

  /**
   * {@code url} without {@code user:password@}, and without its {@code ?...} or {@code ;...} part.
   */
  static String withoutCredentials(String url) {
    String u = url;
    int cut = u.length();
    for (char c : new char[] {'?', ';'}) {
      int i = u.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    u = u.substring(0, cut);
    int at = u.indexOf('@');
    int scheme = u.indexOf("//");
    if (at >= 0 && scheme >= 0 && at > scheme) {
      u = u.substring(0, scheme + 2) + u.substring(at + 1);
    }
    return u;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The names of the store's tables for {@code dialect} and {@code tablePrefix}, the tables {@link
   * #schemaSql} creates: for a DBA's inventory, or a test that drops what it made. PostgreSQL's
   * include the rollup tables of schema version 4.
   *
   * @throws IllegalArgumentException if the prefix does not match {@link #TABLE_PREFIX}
   */
  public static List<String> tables(Dialect dialect, String tablePrefix) {
    Objects.requireNonNull(dialect, "dialect");
    checkPrefix(tablePrefix);
    return new Sql(dialect, tablePrefix).tables();
  }

  /**
   * The DDL of the store's tables for {@code dialect} and {@code tablePrefix}, as a script of
   * idempotent statements (each ending in {@code ;}) that a DBA can review and apply. It creates
   * the tables and indexes only; the store records the schema version on its first start.
   *
   * @throws IllegalArgumentException if the prefix does not match {@link #TABLE_PREFIX}
   */
  public static String schemaSql(Dialect dialect, String tablePrefix) {
    Objects.requireNonNull(dialect, "dialect");
    checkPrefix(tablePrefix);
    return Schema.script(new Sql(dialect, tablePrefix));
  }

  /**
   * The statements that take this store's tables from schema version {@code fromVersion} to the
   * next, as a script for a DBA (a store built with {@code createSchema(true)} runs them itself).
   * The Flyway and Liquibase files under {@code db/abkit/} hold the same for prefix {@code abkit_}.
   *
   * @throws IllegalArgumentException for a version without a migration (the first is 1)
   */
  public static String migrationSql(Dialect dialect, String tablePrefix, int fromVersion) {
    Objects.requireNonNull(dialect, "dialect");
    checkPrefix(tablePrefix);
    return Schema.migrationScript(new Sql(dialect, tablePrefix), fromVersion);
  }

  /** The dialect this store speaks. */
  public Dialect dialect() {
    return sql.dialect();
  }

  /** The table prefix. */
  public String tablePrefix() {
    return sql.prefix();
  }

  // ---- EventStore ---------------------------------------------------------------------------

  /**
   * Stores a batch in one transaction. Exposures already stored for their (experiment, unit), and
   * events whose id is already stored, are skipped, so replays are harmless. A batch that deadlocks
   * with, or loses a key race to, another writer is retried a few times before this gives up.
   *
   * @throws RecordRejectedException when the database refuses the data itself (SQLState class 22 or
   *     23 other than a duplicate key, e.g. a CHECK constraint): abkit's pipeline then bisects the
   *     batch and quarantines the refused records, storing the rest
   * @throws SQLException or {@link JdbiException} when the database cannot take the batch (nothing
   *     of it is then committed)
   */
  @Override
  public void write(List<Observation> batch) throws SQLException, RecordRejectedException {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty()) {
      return;
    }
    ensureOpen();
    writer.write(batch);
  }

  /** Takes a connection and checks it (creating the schema first if that is still due). */
  @Override
  public void ping() throws SQLException {
    ensureOpen();
    jdbi.useHandle(
        h -> {
          if (!h.getConnection().isValid(PING_TIMEOUT_SECONDS)) {
            throw new SQLException("the database connection is not valid");
          }
        });
  }

  /**
   * Reads the sufficient statistics of one experiment with aggregate queries: exposed units per
   * variant, then for each metric, per variant, the units with an event at or after their first
   * exposure, with the sum and sum of squares of their per-unit totals (value, or 1 when absent).
   * With a {@link ExperimentQuery#dimension()}, the same per value of it ({@link
   * ExperimentData#segments()}) from the same statements, grouped by each unit's first value
   * received.
   *
   * @throws JdbiException when the database fails
   */
  @Override
  public ExperimentData read(ExperimentQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return stats.read(query);
  }

  /** One metric's timeline, in one aggregate query. */
  @Override
  public List<DailyData> readDaily(ExperimentQuery query, String metric) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return stats.readDaily(query, metric);
  }

  // ---- AssignmentStore ----------------------------------------------------------------------

  /**
   * Returns the stored variant of (experiment, unit) when it was made under {@code salt}; otherwise
   * stores {@code proposed} (inserting, or replacing an assignment made under another salt) and
   * returns what is then stored. Atomic across stores sharing the database: the insert is
   * insert-if-absent and the replacement a compare-and-set on the old salt, so concurrent callers
   * all return the one variant that won.
   *
   * @throws JdbiException when the database fails
   */
  @Override
  public String getOrPut(String experiment, String unit, String salt, String proposed) {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(proposed, "proposed");
    ensureOpen();
    return assignments.getOrPut(experiment, unit, salt, proposed);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Closes the connection pool the store created (not a data source it was given). Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedPool != null) {
      ownedPool.close();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the JdbcStore is closed");
    }
    schema.ensureReady();
  }

  private static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "tablePrefix");
    if (!TABLE_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must match "
              + TABLE_PREFIX.pattern()
              + " (lower-case letter, then up to 30 lower-case letters, digits or _), was \""
              + prefix
              + "\"");
    }
    return prefix;
  }

  /**
   * Configures a {@link JdbcStore}. Each setter validates its argument at once and throws {@link
   * IllegalArgumentException} naming the setting; a setting given a second time throws {@link
   * IllegalStateException} naming the first value (never a URL or password, which may hold
   * credentials). Not thread-safe.
   */
  public static final class Builder {
    private String url;
    private String username;
    private String password;
    private String driverClassName;
    private DataSource dataSource;
    private Dialect dialect;
    private String tablePrefix = "abkit_";
    private boolean createSchema;
    private int maximumPoolSize = 4;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

    /** The settings given on this builder, with the value each was given (for the message). */
    private final Map<String, Object> given = new HashMap<>();

    /**
     * Refuses a setting given before on this builder, naming the earlier value (the password never
     * shown), as abkit's other builders do: a second call is a mistake whose first value is lost.
     */
    private void once(String name, Object value) {
      if (given.containsKey(name)) {
        throw new IllegalStateException(name + " was already set to " + given.get(name));
      }
      given.put(name, value == null ? "null" : value);
    }

    private Builder() {}

    /** The JDBC URL; the store then runs its own HikariCP pool. Excludes {@link #dataSource}. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("url must start with jdbc:, was \"" + url + "\"");
      }
      once("url", "a URL"); // which may carry credentials
      this.url = url;
      return this;
    }

    /** The database user (with {@link #url}); {@code null} for none. */
    public Builder username(String username) {
      once("username", username);
      this.username = username;
      return this;
    }

    /**
     * The database password (with {@link #url}); {@code null} for none, so {@code
     * password(System.getenv("DB_PASSWORD"))} works when the variable is unset.
     */
    public Builder password(String password) {
      once("password", "a password"); // never the secret itself
      this.password = password;
      return this;
    }

    /**
     * The JDBC driver class (with {@link #url}), loaded through the thread's context class loader
     * (in a servlet container, the web application's). Needed when {@link java.sql.DriverManager}
     * cannot see the driver, as on Tomcat with the driver in {@code WEB-INF/lib} ("No suitable
     * driver"). Default: the driver {@code DriverManager} finds for the URL, else the usual driver
     * of the URL's dialect ({@code org.postgresql.Driver}, {@code org.mariadb.jdbc.Driver}, {@code
     * com.mysql.cj.jdbc.Driver}, {@code org.h2.Driver}) when it is on the class path.
     */
    public Builder driverClassName(String className) {
      Objects.requireNonNull(className, "driverClassName");
      if (className.isBlank()) {
        throw new IllegalArgumentException("driverClassName must not be blank");
      }
      once("driverClassName", className.strip());
      this.driverClassName = className.strip();
      return this;
    }

    /**
     * A data source the application already pools; the store uses it as is and does not close it.
     * Excludes {@link #url}.
     */
    public Builder dataSource(DataSource dataSource) {
      once("dataSource", Objects.requireNonNull(dataSource, "dataSource"));
      this.dataSource = dataSource;
      return this;
    }

    /** The SQL dialect; by default detected from the URL, or from the data source's metadata. */
    public Builder dialect(Dialect dialect) {
      once("dialect", Objects.requireNonNull(dialect, "dialect"));
      this.dialect = dialect;
      return this;
    }

    /** Prefix of the table names, {@code [a-z][a-z0-9_]{0,30}}; default {@code abkit_}. */
    public Builder tablePrefix(String tablePrefix) {
      String checked = checkPrefix(tablePrefix);
      once("tablePrefix", checked);
      this.tablePrefix = checked;
      return this;
    }

    /** Whether to create missing tables and indexes on start (idempotent); default false. */
    public Builder createSchema(boolean createSchema) {
      once("createSchema", createSchema);
      this.createSchema = createSchema;
      return this;
    }

    /** Connections in the store's own pool, 1..100; default 4. */
    public Builder maximumPoolSize(int maximumPoolSize) {
      if (maximumPoolSize < 1 || maximumPoolSize > 100) {
        throw new IllegalArgumentException(
            "maximumPoolSize must be 1..100, was " + maximumPoolSize);
      }
      once("maximumPoolSize", maximumPoolSize);
      this.maximumPoolSize = maximumPoolSize;
      return this;
    }

    /**
     * How long a call waits for a connection before it fails, at least 250 ms (HikariCP's minimum);
     * default 5 s.
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      Objects.requireNonNull(connectionTimeout, "connectionTimeout");
      if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
        throw new IllegalArgumentException(
            "connectionTimeout must be at least 250ms, was " + connectionTimeout);
      }
      once("connectionTimeout", connectionTimeout);
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** The clock stamping assignments and the schema version; default the system UTC clock. */
    public Builder clock(Clock clock) {
      once("clock", Objects.requireNonNull(clock, "clock"));
      this.clock = clock;
      return this;
    }

    /**
     * Builds the store. Connects at once to create or check the schema; if the database cannot be
     * reached, the store still starts and does so on its first successful call.
     *
     * @throws IllegalArgumentException if neither or both of url and dataSource are set, or the
     *     dialect cannot be determined
     * @throws IllegalStateException if the database holds a newer schema version, or its tables are
     *     missing and {@link #createSchema} is off
     */
    public JdbcStore build() {
      if ((url == null) == (dataSource == null)) {
        throw new IllegalArgumentException("set exactly one of url and dataSource");
      }
      if (dataSource != null && (username != null || password != null || driverClassName != null)) {
        throw new IllegalArgumentException(
            "username, password and driverClassName go with url; configure them on the dataSource"
                + " instead");
      }
      Dialect d = dialect != null ? dialect : detectDialect();
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      if (url != null) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        String driver = driverClassName != null ? driverClassName : Drivers.fallback(url, d);
        if (driver != null) {
          config.setDriverClassName(Drivers.load(driver).getName());
        }
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(Math.min(1, maximumPoolSize));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
        // Start even when the database is down: abkit journals until it is back.
        config.setInitializationFailTimeout(-1);
        config.setPoolName("abkit-" + tablePrefix.replaceAll("_+$", ""));
        pool = new HikariDataSource(config);
        ds = pool;
      }
      JdbcStore store = new JdbcStore(this, d, ds, pool);
      try {
        store.schema.ensureReady();
      } catch (RuntimeException e) {
        if (!SqlStates.isConnectionFailure(e)) {
          store.close();
          throw e;
        }
        log.warn(
            "database not reachable at start ({}); abkit tables {}* will be checked on first use",
            e.getMessage(),
            tablePrefix);
      }
      return store;
    }

    private Dialect detectDialect() {
      if (url != null) {
        return Dialect.fromUrl(url)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot tell the dialect of url " + url + ": set dialect(...)"));
      }
      try (Connection c = dataSource.getConnection()) {
        String product = c.getMetaData().getDatabaseProductName();
        return Dialect.fromProductName(product)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unsupported database "
                            + product
                            + ": set dialect(...) if it is compatible"));
      } catch (SQLException e) {
        throw new IllegalArgumentException(
            "cannot tell the dialect of the dataSource (it did not connect): set dialect(...)", e);
      }
    }
  }
}

package dev.abkit.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.event.Observation;
import dev.abkit.jdbc.internal.Sql;
import dev.abkit.jdbc.internal.Writer;
import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * abkit's store on a JDBC database (PostgreSQL, MariaDB/MySQL, H2): exposures, events and sticky
 * assignments in four tables, written in batches and analysed with aggregate SQL.
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
 * + unit: the first exposure is kept), {@code abkit_events} (primary key id), {@code
 * abkit_assignments} (primary key experiment + unit) and {@code abkit_schema_version}. {@link
 * #schemaSql} prints the DDL for a DBA.
 *
 * <p>The store starts even when the database is down (the pool connects lazily); the schema is
 * checked, and created when asked, on the first successful connection. Until then every call
 * throws, and abkit's pipeline retries and journals.
 *
 * <p>Thread-safe. One instance serves as both {@link EventStore} and {@link AssignmentStore};
 * {@link #close()} is idempotent, so handing it to AbKit as both is fine.
 */
public final class JdbcStore implements EventStore, AssignmentStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);

  /** Table prefixes: lower case so every database folds them the same way. */
  public static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

  /** How often a write retries a deadlock or a concurrent-insert race before giving up. */
  private static final int ATTEMPTS = 3;

  private final Sql sql;
  private final Writer writer;
  private static final int PING_TIMEOUT_SECONDS = 2;

  private final Jdbi jdbi;
  private final HikariDataSource ownedPool;
  private final boolean createSchema;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean schemaReady;

  private JdbcStore(Builder b, Dialect dialect, DataSource dataSource, HikariDataSource ownedPool) {
    this.sql = new Sql(dialect, b.tablePrefix);
    this.writer = new Writer(sql);
    this.jdbi = Jdbi.create(dataSource);
    this.ownedPool = ownedPool;
    this.createSchema = b.createSchema;
    this.clock = b.clock;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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
    return new Sql(dialect, tablePrefix)
        .ddl().stream().map(s -> s + ";\n").collect(Collectors.joining("\n"));
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
   * events whose id is already stored, are skipped, so replays are harmless.
   *
   * @throws SQLException or {@link JdbiException} when the database cannot take the batch (nothing
   *     of it is then committed)
   */
  @Override
  public void write(List<Observation> batch) throws SQLException {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty()) {
      return;
    }
    ensureOpen();
    for (int attempt = 1; ; attempt++) {
      try {
        jdbi.useTransaction(h -> writer.write(h.getConnection(), batch));
        return;
      } catch (SQLException | JdbiException e) {
        if (attempt >= ATTEMPTS || !isRace(e)) {
          throw e;
        }
        log.debug("retrying a batch after a concurrent-write conflict: {}", e.getMessage());
      }
    }
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
   */
  @Override
  public ExperimentData read(ExperimentQuery query) throws SQLException {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return jdbi.inTransaction(
        h -> {
          for (String setting : sql.analysisSettings()) {
            h.execute(setting);
          }
          Map<String, Long> exposed = new TreeMap<>();
          Map<String, Map<String, MetricData>> metrics = new HashMap<>();
          try (PreparedStatement ps = h.getConnection().prepareStatement(sql.exposureCounts())) {
            ps.setString(1, query.experiment());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                exposed.put(rs.getString(1), rs.getLong(2));
              }
            }
          }
          List<String> names = query.metrics().stream().distinct().toList();
          if (!exposed.isEmpty() && !names.isEmpty()) {
            try (PreparedStatement ps = h.getConnection().prepareStatement(sql.metricStats())) {
              for (String name : names) {
                ps.setString(1, query.experiment());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    metrics
                        .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(name, new MetricData(rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
                  }
                }
              }
            }
          }
          List<VariantData> variants = new ArrayList<>();
          exposed.forEach(
              (variant, units) ->
                  variants.add(
                      new VariantData(variant, units, metrics.getOrDefault(variant, Map.of()))));
          return new ExperimentData(query.experiment(), variants);
        });
  }

  // ---- AssignmentStore ----------------------------------------------------------------------

  /**
   * Returns the stored variant of (experiment, unit) when it was made under {@code salt}; otherwise
   * stores {@code proposed} (inserting, or replacing an assignment made under another salt) and
   * returns what is then stored. Atomic across stores sharing the database: the insert is
   * insert-if-absent and the replacement a compare-and-set on the old salt, so concurrent callers
   * all return the one variant that won.
   */
  @Override
  public String getOrPut(String experiment, String unit, String salt, String proposed)
      throws SQLException {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(proposed, "proposed");
    ensureOpen();
    return jdbi.withHandle(
        h -> {
          Connection c = h.getConnection();
          // Each step commits on its own (auto-commit), so every select sees the latest winner.
          for (int step = 0; step < 2 * ATTEMPTS; step++) {
            String[] stored = selectAssignment(c, experiment, unit);
            if (stored == null) {
              insertAssignment(c, experiment, unit, salt, proposed);
            } else if (stored[0].equals(salt)) {
              return stored[1];
            } else {
              try (PreparedStatement ps = c.prepareStatement(sql.updateAssignment())) {
                ps.setString(1, salt);
                ps.setString(2, proposed);
                writer.setTime(ps, 3, clock.instant());
                ps.setString(4, experiment);
                ps.setString(5, unit);
                ps.setString(6, stored[0]);
                ps.executeUpdate();
              }
            }
          }
          throw new IllegalStateException(
              "assignment of unit "
                  + unit
                  + " in "
                  + experiment
                  + " kept changing under concurrent salt updates; giving up");
        });
  }

  private String[] selectAssignment(Connection c, String experiment, String unit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.selectAssignment())) {
      ps.setString(1, experiment);
      ps.setString(2, unit);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
      }
    }
  }

  private void insertAssignment(
      Connection c, String experiment, String unit, String salt, String variant)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.insertAssignment())) {
      ps.setString(1, experiment);
      ps.setString(2, unit);
      ps.setString(3, salt);
      ps.setString(4, variant);
      writer.setTime(ps, 5, clock.instant());
      ps.executeUpdate();
    } catch (SQLException e) {
      // H2's MERGE can lose a race to a concurrent insert of the same key; the row then exists,
      // which is all this step needs: the caller selects the winner next.
      if (!isDuplicateKey(e)) {
        throw e;
      }
    }
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
    if (!schemaReady) {
      initSchema();
    }
  }

  /** Creates the schema when asked and checks its version; once per store, after a success. */
  private synchronized void initSchema() {
    if (schemaReady) {
      return;
    }
    jdbi.useHandle(
        h -> {
          if (createSchema) {
            createSchema(h);
          }
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
                    + tablePrefix()
                    + "\")",
                e);
          }
          if (version == null) {
            h.execute(sql.recordVersion(), Sql.SCHEMA_VERSION, writer.timeValue(clock.instant()));
          } else if (version > Sql.SCHEMA_VERSION) {
            throw new IllegalStateException(
                "tables "
                    + tablePrefix()
                    + "* have schema version "
                    + version
                    + ", newer than the "
                    + Sql.SCHEMA_VERSION
                    + " this abkit-jdbc-store supports: upgrade abkit");
          }
        });
    schemaReady = true;
  }

  private void createSchema(Handle h) {
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
    h.execute(sql.recordVersion(), Sql.SCHEMA_VERSION, writer.timeValue(clock.instant()));
  }

  private static boolean isRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        // 40001 serialization failure / MariaDB deadlock, 40P01 PostgreSQL deadlock, 23505 H2's
        // MERGE racing a concurrent insert of the same key.
        return state.equals("40001") || state.equals("40P01") || isDuplicateKey(s);
      }
    }
    return false;
  }

  private static boolean isDuplicateKey(SQLException e) {
    return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
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
   * IllegalArgumentException} naming the setting. Not thread-safe.
   */
  public static final class Builder {
    private String url;
    private String username;
    private String password;
    private DataSource dataSource;
    private Dialect dialect;
    private String tablePrefix = "abkit_";
    private boolean createSchema;
    private int maximumPoolSize = 4;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The JDBC URL; the store then runs its own HikariCP pool. Excludes {@link #dataSource}. */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("jdbc:")) {
        throw new IllegalArgumentException("url must start with jdbc:, was \"" + url + "\"");
      }
      this.url = url;
      return this;
    }

    /** The database user (with {@link #url}). */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /** The database password (with {@link #url}). */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * A data source the application already pools; the store uses it as is and does not close it.
     * Excludes {@link #url}.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** The SQL dialect; by default detected from the URL, or from the data source's metadata. */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** Prefix of the table names, {@code [a-z][a-z0-9_]{0,30}}; default {@code abkit_}. */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = checkPrefix(tablePrefix);
      return this;
    }

    /** Whether to create missing tables and indexes on start (idempotent); default false. */
    public Builder createSchema(boolean createSchema) {
      this.createSchema = createSchema;
      return this;
    }

    /** Connections in the store's own pool, 1..100; default 4. */
    public Builder maximumPoolSize(int maximumPoolSize) {
      if (maximumPoolSize < 1 || maximumPoolSize > 100) {
        throw new IllegalArgumentException(
            "maximumPoolSize must be 1..100, was " + maximumPoolSize);
      }
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
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** The clock stamping assignments and the schema version; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
      if (dataSource != null && (username != null || password != null)) {
        throw new IllegalArgumentException(
            "username and password go with url; configure them on the dataSource instead");
      }
      Dialect d = dialect != null ? dialect : detectDialect();
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      if (url != null) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
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
        store.initSchema();
      } catch (RuntimeException e) {
        if (!isConnectionFailure(e)) {
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

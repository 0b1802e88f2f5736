package dev.abkit.examples.demo;

import dev.abkit.servlet.AbKitServlets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the demo app. Immutable.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port TCP port, 0 for a free one
 * @param jdbcUrl database for exposures and events; {@code null} for the embedded H2 database under
 *     {@code dataDir}
 * @param dbUser database user with {@code jdbcUrl}, or {@code null}
 * @param dbPassword database password with {@code jdbcUrl}, or {@code null}
 * @param dataDir where the embedded H2 database lives and, always, the pipeline journal ({@code
 *     dataDir/journal})
 * @param token bearer token of the results and admin endpoints (at least 16 characters); {@code
 *     null} generates a random one at start
 * @param manifest the manifest file, or {@code null} for {@code ./tests.json} if present, else the
 *     copy bundled in the jar
 * @param tablePrefix prefix of the store's tables
 */
public record DemoOptions(
    String host,
    int port,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    Path dataDir,
    String token,
    Path manifest,
    String tablePrefix) {

  /** The demo's default table prefix. */
  public static final String DEFAULT_TABLE_PREFIX = "abkit_";

  public DemoOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(tablePrefix, "tablePrefix");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be in 0..65535, was " + port);
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--jdbc-url must start with jdbc:, was \"" + jdbcUrl + "\"");
    }
    if (jdbcUrl == null && (dbUser != null || dbPassword != null)) {
      throw new IllegalArgumentException("--db-user and --db-password go with --jdbc-url");
    }
    if (token != null) {
      try {
        AbKitServlets.Config.builder().resultsToken(token);
      } catch (IllegalArgumentException e) {
        // The builder names its own setting; the person at the terminal typed --token.
        throw new IllegalArgumentException(
            e.getMessage().replaceFirst("^resultsToken: ", "--token (or ABKIT_TOKEN) "), e);
      }
    }
  }

  /** An in-process demo on a free loopback port over embedded H2 in {@code dataDir}. */
  public static DemoOptions embedded(Path dataDir) {
    return new DemoOptions(
        "127.0.0.1", 0, null, null, null, dataDir, null, null, DEFAULT_TABLE_PREFIX);
  }

  /** These options with another database. */
  public DemoOptions withJdbc(String url, String user, String password, String prefix) {
    return new DemoOptions(host, port, url, user, password, dataDir, token, manifest, prefix);
  }

  /** These options with another manifest file ({@code null}: the default). */
  public DemoOptions withManifest(Path file) {
    return new DemoOptions(
        host, port, jdbcUrl, dbUser, dbPassword, dataDir, token, file, tablePrefix);
  }

  /** These options with a fixed token. */
  public DemoOptions withToken(String t) {
    return new DemoOptions(
        host, port, jdbcUrl, dbUser, dbPassword, dataDir, t, manifest, tablePrefix);
  }

  /**
   * The JDBC URL the demo's store uses: {@link #jdbcUrl}, or the embedded H2 database file {@code
   * dataDir/abkit}. DB_CLOSE_ON_EXIT=FALSE keeps it open until abkit has flushed in the demo's
   * shutdown hook (H2's own hook would otherwise close it first). The file is locked while the demo
   * runs (H2 refuses AUTO_SERVER together with DB_CLOSE_ON_EXIT=FALSE), so {@code abkit results
   * --data-dir} reads it after the demo stopped; while it runs, use the results endpoint.
   */
  public String effectiveJdbcUrl() {
    return jdbcUrl != null ? jdbcUrl : h2Url(dataDir);
  }

  /** The embedded H2 URL for a data directory. */
  public static String h2Url(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().normalize().resolve("abkit")
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}

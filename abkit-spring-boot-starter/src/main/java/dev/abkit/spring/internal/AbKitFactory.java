package dev.abkit.spring.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.AbKit;
import dev.abkit.jdbc.Dialect;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spring.AbKitProperties;
import dev.abkit.spring.AbKitProperties.StoreType;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** Builds the application's {@link AbKit} from {@code abkit.*} properties. */
public final class AbKitFactory {
  /** The table prefix of the migration scripts abkit-jdbc-store ships. */
  static final String DEFAULT_PREFIX = "abkit_";

  private AbKitFactory() {}

  /**
   * The store type in force: the configured one, else jdbc when the application has a DataSource.
   */
  public static StoreType storeType(AbKitProperties props, DataSource dataSource) {
    StoreType t = props.getStore().getType();
    if (t != null) {
      return t;
    }
    return dataSource != null ? StoreType.JDBC : StoreType.FILE;
  }

  /**
   * Opens the store {@code abkit.store.*} asks for; AbKit closes it. With {@code migration} (the
   * application's migration tool), abkit's tables of the default prefix are migrated by it rather
   * than created by the store, unless {@code abkit.store.jdbc.create-schema=false} (then neither
   * touches them).
   *
   * @param migration the application's migration tool, or {@code null}
   * @throws IllegalStateException naming the property at fault
   */
  public static AbKitStore openStore(
      AbKitProperties props, DataSource dataSource, Environment env, SchemaMigration migration) {
    StoreType type = storeType(props, dataSource);
    switch (type) {
      case JDBC -> {
        if (dataSource == null) {
          throw new IllegalStateException(
              "abkit.store.type=jdbc needs a DataSource bean (spring.datasource.url, or"
                  + " spring-boot-starter-jdbc)");
        }
        AbKitProperties.Jdbc jdbc = props.getStore().getJdbc();
        // Name the dialect from the URL when it is known, so the app starts while the database is
        // down (otherwise JdbcStore asks the database which product it is).
        Optional<Dialect> dialect = jdbcUrl(dataSource, env).flatMap(Dialect::fromUrl);
        boolean create = jdbc.isCreateSchema();
        if (create
            && migration != null
            && DEFAULT_PREFIX.equals(jdbc.getTablePrefix())
            && dialect.isPresent()) {
          // the shipped migration scripts are for the default prefix only
          create = !migration.migrate(dialect.get());
        }
        JdbcStore.Builder jb =
            JdbcStore.builder()
                .dataSource(dataSource)
                .tablePrefix(jdbc.getTablePrefix())
                .createSchema(create);
        dialect.ifPresent(jb::dialect);
        JdbcStore store = jb.build();
        return AbKitStore.of(type, store, store);
      }
      case FILE -> {
        Path dir = props.getStore().getFile().getDir();
        try {
          return AbKitStore.of(type, FileEventStore.open(dir), null);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "abkit.store.file.dir: cannot open the file store in " + dir, e);
        }
      }
      default -> {
        return AbKitStore.of(type, null, null);
      }
    }
  }

  /** A new AbKit on {@code store}; the caller closes it (which closes the store). */
  public static AbKit build(AbKitProperties props, AbKitStore store, ResourceLoader resources) {
    AbKit.Builder b = AbKit.builder();
    manifest(b, props.getManifest(), resources);
    if (store.events() != null) {
      // Pipeline settings mean something only with a store to record into (AbKit refuses them
      // otherwise, abkit.store.type=none).
      b.eventStore(store.events()).pipeline(pipeline(props.getPipeline()));
    }
    if (store.assignments() != null) {
      b.assignmentStore(store.assignments());
    }
    return b.build();
  }

  private static void manifest(
      AbKit.Builder b, AbKitProperties.Manifest m, ResourceLoader resources) {
    String location = m.getLocation();
    if (location == null || location.isBlank()) {
      throw new IllegalStateException("abkit.manifest.location is empty");
    }
    Resource r =
        location.startsWith("classpath:") || location.startsWith("file:")
            ? resources.getResource(location)
            : resources.getResource("file:" + location);
    if (!r.exists()) {
      throw new IllegalStateException(
          "abkit.manifest.location: no manifest at " + location + " (" + r.getDescription() + ")");
    }
    if (r.isFile()) {
      // A file (also a class-path resource in an exploded build): AbKit.reload() can re-read it.
      try {
        b.manifest(r.getFile().toPath()).watchManifest(m.isWatch());
      } catch (IOException e) {
        throw new UncheckedIOException("abkit.manifest.location: " + location, e);
      }
      return;
    }
    if (m.isWatch()) {
      throw new IllegalStateException(
          "abkit.manifest.watch=true needs a file on disk, but "
              + location
              + " is inside an archive: give a file path");
    }
    try (InputStream in = r.getInputStream()) {
      b.manifest(ManifestParser.parse(in));
    } catch (IOException e) {
      throw new UncheckedIOException("abkit.manifest.location: cannot read " + location, e);
    }
  }

  private static PipelineSettings pipeline(AbKitProperties.Pipeline p) {
    PipelineSettings.Builder s = PipelineSettings.builder();
    if (p.getJournalDir() != null) {
      s.journalDir(p.getJournalDir());
    }
    if (p.getDurable() != null) {
      s.durable(p.getDurable());
    }
    return s.build();
  }

  private static Optional<String> jdbcUrl(DataSource ds, Environment env) {
    try {
      if (ds.isWrapperFor(HikariDataSource.class)) {
        return Optional.ofNullable(ds.unwrap(HikariDataSource.class).getJdbcUrl());
      }
    } catch (SQLException e) {
      // not a pool we know: fall through to the property
    }
    return Optional.ofNullable(env.getProperty("spring.datasource.url"));
  }
}

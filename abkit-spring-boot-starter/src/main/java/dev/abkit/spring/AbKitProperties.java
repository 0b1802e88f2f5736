package dev.abkit.spring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code abkit.*} keys of {@code application.properties} (DESIGN section 12). Mutable only
 * because Spring binds it; the auto-configuration reads it once at start-up.
 */
@ConfigurationProperties(prefix = "abkit")
public class AbKitProperties {
  private final Manifest manifest = new Manifest();
  private final Store store = new Store();
  private final Pipeline pipeline = new Pipeline();
  private final Servlet servlet = new Servlet();

  public Manifest getManifest() {
    return manifest;
  }

  public Store getStore() {
    return store;
  }

  public Pipeline getPipeline() {
    return pipeline;
  }

  public Servlet getServlet() {
    return servlet;
  }

  /** Where the experiments are defined. */
  public static class Manifest {
    /** The manifest: {@code classpath:tests.json} or a file path. */
    private String location = "classpath:tests.json";

    /** Whether to follow edits of the manifest file (needs a file on disk). */
    private boolean watch;

    public String getLocation() {
      return location;
    }

    public void setLocation(String location) {
      this.location = location;
    }

    public boolean isWatch() {
      return watch;
    }

    public void setWatch(boolean watch) {
      this.watch = watch;
    }
  }

  /** Where exposures and events go. */
  public static class Store {
    /**
     * The store: {@code jdbc} (the application's own DataSource bean), {@code file} or {@code none}
     * (assignment only). Default: jdbc when a DataSource bean exists, else file.
     */
    private StoreType type;

    private final File file = new File();
    private final Jdbc jdbc = new Jdbc();

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
    }

    public File getFile() {
      return file;
    }

    public Jdbc getJdbc() {
      return jdbc;
    }
  }

  /** The kinds of store the starter opens. */
  public enum StoreType {
    /** The application's DataSource bean, through abkit-jdbc-store (also sticky assignments). */
    JDBC,
    /** JSON-lines files in {@code abkit.store.file.dir}. */
    FILE,
    /** No store: assignment works, recording and results do not. */
    NONE
  }

  /** The file store. */
  public static class File {
    /** The file store's directory. */
    private Path dir = Path.of("abkit-data");

    public Path getDir() {
      return dir;
    }

    public void setDir(Path dir) {
      this.dir = dir;
    }
  }

  /** The JDBC store on the application's DataSource. */
  public static class Jdbc {
    /** Prefix of abkit's table names ([a-z][a-z0-9_]{0,30}). */
    private String tablePrefix = "abkit_";

    /**
     * Whether abkit puts its tables in place: as Flyway migrations with their own history table
     * when the app runs Boot's Flyway (default prefix only), else with the store's own DDL. Off
     * when something else manages them (Liquibase including abkit's changelog, a DBA).
     */
    private boolean createSchema = true;

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public boolean isCreateSchema() {
      return createSchema;
    }

    public void setCreateSchema(boolean createSchema) {
      this.createSchema = createSchema;
    }
  }

  /** The recording pipeline (as PipelineSettings). */
  public static class Pipeline {
    /** Directory of the local journal that keeps records while the store is down. */
    private Path journalDir;

    /** Whether every record is journaled before it is acknowledged. */
    private Boolean durable;

    public Path getJournalDir() {
      return journalDir;
    }

    public void setJournalDir(Path journalDir) {
      this.journalDir = journalDir;
    }

    public Boolean getDurable() {
      return durable;
    }

    public void setDurable(Boolean durable) {
      this.durable = durable;
    }
  }

  /** The servlet filters and endpoints. */
  public static class Servlet {
    /** Routes that log exposures, by any name: {@code abkit.servlet.exposure.<name>.path}. */
    private final Map<String, Exposure> exposure = new LinkedHashMap<>();

    /** The event endpoint's path. */
    private String eventsPath = "/abkit/events";

    /** The results endpoint's path (also served with .html appended). */
    private String resultsPath = "/abkit/results";

    /** The bearer token of the results endpoint; without one it answers 404. */
    private String resultsToken;

    public Map<String, Exposure> getExposure() {
      return exposure;
    }

    public String getEventsPath() {
      return eventsPath;
    }

    public void setEventsPath(String eventsPath) {
      this.eventsPath = eventsPath;
    }

    public String getResultsPath() {
      return resultsPath;
    }

    public void setResultsPath(String resultsPath) {
      this.resultsPath = resultsPath;
    }

    public String getResultsToken() {
      return resultsToken;
    }

    public void setResultsToken(String resultsToken) {
      this.resultsToken = resultsToken;
    }
  }

  /** One exposure route. */
  public static class Exposure {
    /** The route's servlet URL pattern: /exact, /prefix/* or *.ext. */
    private String path;

    /** The experiment ids the route exposes (comma-separated). */
    private List<String> experiments = new ArrayList<>();

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public List<String> getExperiments() {
      return experiments;
    }

    public void setExperiments(List<String> experiments) {
      this.experiments = experiments;
    }
  }
}

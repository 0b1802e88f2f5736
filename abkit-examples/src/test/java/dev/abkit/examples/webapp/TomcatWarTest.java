package dev.abkit.examples.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented web.xml setup ({@code AbKitContextListener}, {@code abkit.store=jdbc:...})
 * deployed as an exploded WAR on Tomcat 10.1 (tomcat-embed-core) with abkit, HikariCP, Jdbi and the
 * H2 JDBC driver only in the app's {@code WEB-INF/lib}, as on a standalone Tomcat, where the
 * documented web.xml failed with "No suitable driver" (issue 11 item 11: {@code DriverManager}
 * registers only the drivers its own class loader sees).
 *
 * <p>Tomcat runs in a child JVM ({@link TomcatWarMain}) whose class path holds Tomcat and nothing
 * else: the driver is on this test's class path, and there {@code DriverManager} would find it
 * through the parent loader (its caller check even loads the app's own copy as a side effect), so
 * an in-process Tomcat would pass without abkit's driver loading. The child reports that {@code
 * org.h2.Driver} is absent from its system class path; the records land only because {@code
 * JdbcStore} loads the driver class through the web app's class loader.
 */
class TomcatWarTest {
  private static final String KPI = "kpi_scorecard_layout";
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "kpi_scorecard_layout", "variants": [{"key": "A"}, {"key": "B"}],
         "target_event": "kpi_click"}
      ]}
      """;

  /**
   * Jars (by file name prefix) the app ships in WEB-INF/lib: abkit's runtime dependencies, the JDBC
   * path and the driver, and a logger.
   */
  private static final List<String> APP_JARS =
      List.of(
          "jackson-databind-",
          "jackson-core-",
          "jackson-annotations-",
          "slf4j-api-",
          "slf4j-simple-",
          "caffeine-",
          "jctools-core-",
          "commons-statistics-",
          "commons-numbers-",
          "jspecify-",
          "HikariCP-",
          "jdbi3-core-",
          "geantyref-",
          "h2-");

  /** abkit's modules, from their build output or packaged jar (as the reactor provides them). */
  private static final List<String> ABKIT_MODULES =
      List.of("abkit-core", "abkit-servlet", "abkit-jdbc-store");

  /** The child's class path: Tomcat's jars, by file name prefix, and this module's test classes. */
  private static final List<String> TOMCAT_JARS =
      List.of("tomcat-embed-core-", "tomcat-annotations-api-");

  @TempDir Path dir;

  @Test
  void webXmlJdbcStore_driverOnlyInWebInfLib_recordsLandOnTomcat() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    String url = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
    Path webapp = webapp(manifest, url);

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(childClassPath());
    command.add(TomcatWarMain.class.getName());
    command.add(dir.resolve("tomcat").toString());
    command.add(webapp.toString());
    Path log = dir.resolve("tomcat.log");
    Process tomcat = new ProcessBuilder(command).redirectError(log.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(tomcat.getInputStream(), StandardCharsets.UTF_8));
    CookieManager cookies = new CookieManager();
    try {
      assertThat(out.readLine())
          .as("the driver is not on the Tomcat JVM's own class path")
          .isEqualTo("driverOnSystemClassPath=false");
      String port = out.readLine();
      assertThat(port).as("Tomcat serving; its log: %s", tail(log)).startsWith("port=");
      URI base = URI.create("http://127.0.0.1:" + port.substring("port=".length()));
      HttpClient client =
          HttpClient.newBuilder()
              .cookieHandler(cookies)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(base.resolve("/app/dashboard.html")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode())
          .as("the app deployed; Tomcat's log: %s", tail(log))
          .isEqualTo(200);
      assertThat(page.body()).contains("dashboard");
      HttpResponse<String> event =
          client.send(
              HttpRequest.newBuilder(base.resolve("/abkit/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"kpi_click\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
    } finally {
      tomcat.getOutputStream().close(); // stops Tomcat: the listener flushes abkit's pipeline
      if (!tomcat.waitFor(60, TimeUnit.SECONDS)) {
        tomcat.destroyForcibly();
      }
    }
    assertThat(out.readLine())
        .as("Tomcat stopped cleanly; its log: %s", tail(log))
        .isEqualTo("stopped");

    String visitor =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("abkit_vid"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseThrow();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      ResultSet exposures = s.executeQuery("select unit, experiment from abkit_exposures");
      assertThat(exposures.next())
          .as("the page's exposure is stored; Tomcat's log: %s", tail(log))
          .isTrue();
      assertThat(exposures.getString(1)).isEqualTo(visitor);
      assertThat(exposures.getString(2)).isEqualTo(KPI);
      assertThat(exposures.next()).isFalse();
      ResultSet events = s.executeQuery("select count(*) from abkit_events");
      events.next();
      assertThat(events.getInt(1)).as("the posted event is stored").isEqualTo(1);
    }
  }

  private static String childClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (TOMCAT_JARS.stream().anyMatch(name::startsWith)) {
        entries.add(entry);
      }
      if (name.equals("test-classes")
          && p.getParent() != null
          && p.getParent().getParent() != null
          && p.getParent().getParent().getFileName().toString().equals("abkit-examples")) {
        entries.add(entry);
      }
    }
    assertThat(entries).as("Tomcat's jars and the test classes").hasSize(TOMCAT_JARS.size() + 1);
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** An exploded WAR: web.xml as the README documents it, a static page, WEB-INF/lib. */
  private Path webapp(Path manifest, String url) throws IOException {
    Path root = dir.resolve("webapp");
    Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("app/dashboard.html"), "<html><body>dashboard</body></html>\n");
    Files.writeString(
        root.resolve("WEB-INF/web.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <listener>
            <listener-class>dev.abkit.servlet.AbKitContextListener</listener-class>
          </listener>
          <context-param>
            <param-name>abkit.manifest</param-name><param-value>%s</param-value>
          </context-param>
          <context-param>
            <param-name>abkit.store</param-name><param-value>%s</param-value>
          </context-param>
          <context-param>
            <param-name>abkit.exposure./app/*</param-name><param-value>%s</param-value>
          </context-param>
        </web-app>
        """
            .formatted(manifest.toAbsolutePath(), url, KPI));
    List<String> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (APP_JARS.stream().anyMatch(name::startsWith) && name.endsWith(".jar")) {
        Files.copy(p, lib.resolve(name));
        found.add(name);
      }
      // A sibling module is its target/classes under `mvn test`, its packaged jar under `verify`.
      Path target = p.getParent();
      if (target != null
          && target.getFileName().toString().equals("target")
          && target.getParent() != null) {
        String module = target.getParent().getFileName().toString();
        if (ABKIT_MODULES.contains(module) && name.equals("classes")) {
          jar(p, lib.resolve(module + ".jar"));
          found.add(module);
        } else if (ABKIT_MODULES.contains(module) && name.endsWith(".jar")) {
          Files.copy(p, lib.resolve(module + ".jar"));
          found.add(module);
        }
      }
    }
    for (String wanted : concat(APP_JARS, ABKIT_MODULES)) {
      assertThat(found).as("WEB-INF/lib gets %s", wanted).anyMatch(f -> f.startsWith(wanted));
    }
    return root;
  }

  /** Packs a module's build output into a jar, as its packaged artifact would be. */
  private static void jar(Path classes, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String entry = classes.relativize(f).toString().replace(File.separatorChar, '/');
        jar.putNextEntry(new JarEntry(entry));
        jar.write(Files.readAllBytes(f));
        jar.closeEntry();
      }
    }
  }
}

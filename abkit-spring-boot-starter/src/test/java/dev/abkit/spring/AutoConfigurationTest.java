package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitStore;
import dev.abkit.spring.internal.CsrfExemption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

/** The auto-configuration's choices, in light contexts (no web server). */
class AutoConfigurationTest {
  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AbKitAutoConfiguration.class))
          .withPropertyValues("abkit.pipeline.journal-dir=target/abkit-journal-unit");

  static DataSource h2(String name) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void closingTheContextFlushesThePipeline() throws Exception {
    runner
        .withBean(DataSource.class, () -> h2("abkit_shutdown"))
        .withPropertyValues("abkit.store.jdbc.table-prefix=abkit_shut_")
        .run(
            ctx -> {
              AbKit abkit = ctx.getBean(AbKit.class);
              for (int i = 0; i < 500; i++) {
                abkit.track("u-" + i, "kpi_click");
              }
              // no flush: closing the context must store them
            });
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:abkit_shutdown");
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM abkit_shut_events")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(500);
    }
  }

  @Test
  void withoutADataSourceTheStoreIsFiles(@TempDir Path dir) {
    runner
        .withPropertyValues("abkit.store.file.dir=" + dir)
        .run(
            ctx -> {
              assertThat(ctx.getBean(AbKitStore.class).kind()).isEqualTo("file");
              ctx.getBean(AbKit.class).track("u", "kpi_click");
              ctx.getBean(AbKit.class).flush();
            });
    assertThat(dir.toFile().list()).isNotEmpty();
  }

  @Test
  void storeNoneAssignsButDoesNotRecord() {
    runner
        .withBean(DataSource.class, () -> h2("abkit_none"))
        .withPropertyValues("abkit.store.type=none")
        .run(
            ctx -> {
              AbKit abkit = ctx.getBean(AbKit.class);
              assertThat(abkit.assign("kpi_scorecard_layout", "alice").variant()).isEqualTo("B");
              assertThatThrownBy(() -> abkit.track("u", "x"))
                  .isInstanceOf(IllegalStateException.class);
            });
  }

  @Test
  void aWatchedManifestFileIsFollowed(@TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("tests.json");
    java.nio.file.Files.writeString(manifest, manifestWith("first"));
    runner
        .withPropertyValues(
            "abkit.store.type=none",
            "abkit.manifest.location=" + manifest,
            "abkit.manifest.watch=true")
        .run(
            ctx -> {
              AbKit abkit = ctx.getBean(AbKit.class);
              assertThat(abkit.manifest().experiment("first")).isPresent();
              java.nio.file.Files.writeString(manifest, manifestWith("second"));
              org.awaitility.Awaitility.await()
                  .atMost(java.time.Duration.ofSeconds(10))
                  .until(() -> abkit.manifest().experiment("second").isPresent());
            });
  }

  static String manifestWith(String id) {
    return "{\"experiments\": [{\"id\": \""
        + id
        + "\", \"target_event\": \"e\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}]}]}";
  }

  @Test
  void watchingAManifestInsideAJarIsRefused() {
    runner
        .withPropertyValues(
            "abkit.store.type=none",
            // a class-path resource inside a jar (JUnit's own), not a file
            "abkit.manifest.location=classpath:META-INF/MANIFEST.MF",
            "abkit.manifest.watch=true")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("abkit.manifest.watch=true needs a file"));
  }

  @Test
  void aMissingManifestFailsNamingTheProperty() {
    runner
        .withPropertyValues(
            "abkit.store.type=none", "abkit.manifest.location=classpath:no-such.json")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("abkit.manifest.location")
                    .hasMessageContaining("no-such.json"));
  }

  @Test
  void jdbcWithoutADataSourceFailsNamingTheProperty() {
    runner
        .withPropertyValues("abkit.store.type=jdbc")
        .run(
            ctx ->
                assertThat(ctx)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("abkit.store.type=jdbc"));
  }

  @Test
  void anApplicationsOwnAbKitWins() {
    AbKit own =
        AbKit.builder()
            .manifestJson(
                "{\"experiments\": [{\"id\": \"x\", \"target_event\": \"e\","
                    + " \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}]}]}")
            .build();
    runner
        .withBean(AbKit.class, () -> own)
        .run(
            ctx -> {
              assertThat(ctx.getBean(AbKit.class)).isSameAs(own);
              assertThat(ctx).doesNotHaveBean(AbKitStore.class);
            });
  }

  @Test
  void csrfExemptionMatchesOnlyPostsToTheEventPath() {
    CsrfExemption exemption = new CsrfExemption("/abkit/events");
    assertThat(exemption.matches(request("POST", "", "/abkit/events"))).isTrue();
    assertThat(exemption.matches(request("POST", "/app", "/app/abkit/events"))).isTrue();
    assertThat(exemption.matches(request("PUT", "", "/abkit/events"))).isFalse();
    assertThat(exemption.matches(request("POST", "", "/abkit/events/x"))).isFalse();
    assertThat(exemption.matches(request("POST", "", "/api/other"))).isFalse();
  }

  static MockHttpServletRequest request(String method, String context, String uri) {
    MockHttpServletRequest r = new MockHttpServletRequest(method, uri);
    r.setContextPath(context);
    return r;
  }
}

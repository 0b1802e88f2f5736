package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.spring.app.DemoApplication;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter over a real Tomcat on a random port, on the app's H2 DataSource. */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class H2StarterTest extends EndToEndContract {
  static final String PREFIX = uniquePrefix();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("spring.datasource.url", () -> "jdbc:h2:mem:" + PREFIX + ";DB_CLOSE_DELAY=-1");
    r.add("abkit.store.jdbc.table-prefix", () -> PREFIX);
  }

  @Override
  String prefix() {
    return PREFIX;
  }

  @Test
  void metadataDescribesEverySection12Key() throws Exception {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("spring-configuration-metadata.json in the starter jar").isNotNull();
      JsonNode doc = new ObjectMapper().readTree(in);
      Set<String> names = new HashSet<>();
      for (JsonNode p : doc.path("properties")) {
        names.add(p.path("name").asText());
        if (p.path("name").asText().startsWith("abkit.")) {
          assertThat(p.path("description").asText())
              .as(p.path("name").asText() + " has a description")
              .isNotBlank();
        }
      }
      assertThat(names).containsAll(SECTION_12_KEYS);
    }
  }
}

package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Spring Boot blocks are the tested app's: its properties are in the test
 * application.properties, its controller method is DemoApplication's.
 */
class ReadmeSnippetsTest {
  static String block(String marker) throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int at = readme.indexOf("<!-- " + marker + " -->");
    assertThat(at).as(marker + " in README.md").isNotNegative();
    int start = readme.indexOf('\n', readme.indexOf("```", at)) + 1;
    return readme.substring(start, readme.indexOf("```", start));
  }

  static String squash(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  @Test
  void propertiesBlockIsTheTestedAppsConfiguration() throws Exception {
    String props = Files.readString(Path.of("src/test/resources/application.properties"));
    for (String line : block("README-SPRING-PROPERTIES").strip().split("\n")) {
      assertThat(props).as("application.properties").contains(line.strip());
    }
  }

  @Test
  void controllerBlockIsTheTestedController() throws Exception {
    String app =
        Files.readString(Path.of("src/test/java/dev/abkit/spring/app/DemoApplication.java"));
    assertThat(squash(app)).contains(squash(block("README-SPRING-CONTROLLER")));
  }
}

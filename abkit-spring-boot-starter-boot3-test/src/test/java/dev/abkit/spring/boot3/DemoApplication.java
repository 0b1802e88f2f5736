package dev.abkit.spring.boot3;

import dev.abkit.servlet.Experiments;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The smallest app a Spring team writes: the starter, a controller, properties. */
@SpringBootApplication
public class DemoApplication {

  @RestController
  static class Dashboard {
    /** A handler taking {@code Experiments} as a parameter. */
    @GetMapping("/dashboard")
    String dashboard(Experiments experiments) {
      return experiments.unitId() + ":" + experiments.variant("kpi_scorecard_layout");
    }

    /** Any other state-changing endpoint: CSRF still applies to it. */
    @PostMapping("/api/other")
    String other() {
      return "changed";
    }
  }
}

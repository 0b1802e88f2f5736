package dev.abkit.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitStore;
import dev.abkit.store.memory.InMemoryEventStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A {@code @WebMvcTest} slice of the demo controller, with nothing imported by hand: the starter's
 * slice imports give MockMvc the assignment and exposure filters and the {@code Experiments}
 * argument; abkit records into memory because the slice has no DataSource.
 */
@WebMvcTest(DemoApplication.Dashboard.class)
class WebMvcSliceTest {
  @Autowired MockMvc mvc;
  @Autowired AbKit abkit;
  @Autowired AbKitStore store;
  @Autowired ApplicationContext context;

  @Test
  void theFilterSetsTheVisitorCookieAndTheControllerGetsExperiments() throws Exception {
    mvc.perform(get("/dashboard"))
        .andExpect(status().isOk())
        .andExpect(cookie().exists("abkit_vid"))
        .andExpect(content().string(org.hamcrest.Matchers.matchesRegex("[A-Za-z0-9_-]+:[AB]")));
  }

  @Test
  void theOverrideReachesTheControllerAndTheExposureIsRecordedInMemory() throws Exception {
    mvc.perform(get("/dashboard").principal(() -> "alice"))
        .andExpect(status().isOk())
        .andExpect(content().string("alice:B"));
    abkit.flush();
    assertThat(store.kind()).isEqualTo("memory");
    assertThat(((InMemoryEventStore) store.events()).exposures())
        .anySatisfy(x -> assertThat(x.unit() + ":" + x.variant()).isEqualTo("alice:B"));
  }

  @Test
  void theSliceHasNoDataSource() {
    assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
  }
}

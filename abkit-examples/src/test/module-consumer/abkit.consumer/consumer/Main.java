package consumer;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.VariantResult;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.kafka.KafkaUnavailableException;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.spi.OpenedStore;
import dev.abkit.spi.StoreCredentials;
import dev.abkit.spi.StoreProviders;
import java.time.Duration;

/**
 * Opens a JDBC store on in-memory H2 the way web.xml does (a spec, through the StoreProvider that
 * dev.abkit.jdbc provides), assigns 40 users, logs their exposures, tracks a purchase for every
 * other one, and prints what the results read back from the database, one "key=value" line each.
 * Then builds a KafkaEventStore (its producer and admin client, from kafka-clients on the module
 * path) for a cluster that is not there, and pings it.
 */
public final class Main {
  private static final String MANIFEST =
      "{\"experiments\": [{\"id\": \"checkout_button\", \"target_event\": \"purchase\","
          + " \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}]}]}";

  public static void main(String[] args) throws Exception {
    OpenedStore opened =
        StoreProviders.open(
            "jdbc:h2:mem:abkit_consumer;DB_CLOSE_DELAY=-1", new StoreCredentials("sa", ""));
    JdbcStore store = (JdbcStore) opened.events();
    System.out.println("store=" + store.getClass().getName() + " dialect=" + store.dialect());

    AbKit abkit =
        AbKit.builder()
            .manifestJson(MANIFEST)
            .eventStore(store)
            .assignmentStore(opened.assignments().orElseThrow())
            .build();
    try {
      for (int i = 0; i < 40; i++) {
        String user = "user-" + i;
        Assignment a = abkit.assign("checkout_button", user);
        abkit.logExposure(user, a);
        if (i % 2 == 0) {
          abkit.track(user, "purchase");
        }
      }
      abkit.flush();
      ExperimentResult result = abkit.results("checkout_button");
      long exposures = 0;
      long conversions = 0;
      for (VariantResult v : result.variants()) {
        exposures += v.exposures();
        conversions += v.conversions();
      }
      System.out.println("exposures=" + exposures);
      System.out.println("conversions=" + conversions);
    } finally {
      abkit.close();
    }

    AbKitServlets.Config config =
        AbKitServlets.Config.builder().exposure("/checkout", "checkout_button").build();
    System.out.println("servlet.events=" + config.eventsPath());

    // nothing listens on port 9 (discard): the clients start, the ping fails within the timeout
    try (KafkaEventStore kafka =
        KafkaEventStore.builder("127.0.0.1:9")
            .topic("abkit.consumer")
            .timeout(Duration.ofSeconds(1))
            .build()) {
      System.out.println("kafka.identity=" + kafka.identity().orElseThrow());
      try {
        kafka.ping();
        System.out.println("kafka.ping=answered");
      } catch (KafkaUnavailableException e) {
        System.out.println("kafka.ping=unavailable");
      }
    }
  }
}

package dev.abkit.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Simulated visitors over real HTTP: each loads the dashboard and the pricing view with its own
 * cookie jar, reads its variants, and for each experiment it was enrolled in reports the
 * experiment's target event with the probability its variant's rate gives; some come back and may
 * convert again.
 *
 * <p>Reproducible: visitor {@code i} draws everything (its {@code abkit_vid} cookie, its
 * conversions, whether it returns) from its own random stream seeded by {@code (seed, i)}, so a run
 * with the same seed gives the same visitors, assignments and events whatever the concurrency.
 */
public final class Simulation {
  /** What to simulate. */
  public record Settings(
      int users, Map<String, Double> rates, long seed, double returning, int concurrency) {
    public Settings {
      if (users < 1) {
        throw new IllegalArgumentException("users must be >= 1, was " + users);
      }
      rates = Map.copyOf(rates);
      if (rates.isEmpty()) {
        throw new IllegalArgumentException("rates must name at least one variant");
      }
      rates.forEach(
          (k, v) -> {
            if (!(v >= 0 && v <= 1)) {
              throw new IllegalArgumentException(
                  "rates: the rate of " + k + " must be in 0..1, was " + v);
            }
          });
      if (!(returning >= 0 && returning <= 1)) {
        throw new IllegalArgumentException("returning must be in 0..1, was " + returning);
      }
      if (concurrency < 1 || concurrency > 256) {
        throw new IllegalArgumentException("concurrency must be in 1..256, was " + concurrency);
      }
    }

    /** Parses {@code A=0.15,B=0.35}. */
    public static Map<String, Double> parseRates(String spec) {
      Map<String, Double> rates = new LinkedHashMap<>();
      for (String part : spec.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new IllegalArgumentException(
              "rates must look like A=0.15,B=0.35, was \"" + spec + "\"");
        }
        try {
          rates.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "rates: the rate of " + kv[0].strip() + " is not a number: \"" + kv[1] + "\"");
        }
      }
      return rates;
    }
  }

  /**
   * What happened.
   *
   * @param visitors visitors simulated
   * @param visits page loads (a visit loads both routes)
   * @param eventsAccepted events the endpoint accepted
   * @param failures requests that did not succeed
   * @param assignments visitor id to {experiment: variant} for enrolled experiments
   */
  public record Outcome(
      int visitors,
      long visits,
      long eventsAccepted,
      long failures,
      Map<String, Map<String, String>> assignments) {
    /** A short digest of every visitor's assignments: equal runs give equal fingerprints. */
    public String fingerprint() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        new TreeMap<>(assignments)
            .forEach(
                (unit, vs) ->
                    sha.update((unit + new TreeMap<>(vs) + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing", e);
      }
    }
  }

  private final Settings settings;
  private final URI base;
  private final Map<String, String> targetEvents = new LinkedHashMap<>();
  private final HttpClient client;

  /** A simulation against the demo at {@code base}, with target events from {@code manifest}. */
  public Simulation(Settings settings, URI base, Manifest manifest) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.base = Objects.requireNonNull(base, "base");
    for (Experiment e : manifest.experiments()) {
      // the goal's event, not its name: a metric object may rename it; a ratio goal has none
      if (e.goal() != null && e.goal().event() != null) {
        targetEvents.put(e.id(), e.goal().event());
      }
    }
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * Runs every visitor, calling {@code progress} with 1 as each finishes.
   *
   * @throws IOException if a request fails at the transport level (server gone)
   */
  public Outcome run(LongConsumer progress) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency());
    Map<String, Map<String, String>> assignments = new ConcurrentHashMap<>();
    AtomicLong visits = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < settings.users(); i++) {
        final int n = i;
        futures.add(
            pool.submit(
                () -> {
                  visitor(n, assignments, visits, accepted, failures);
                  progress.accept(1);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof IOException) {
            throw (IOException) c;
          }
          throw new IllegalStateException("a simulated visitor failed: " + c, c);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Outcome(
        settings.users(), visits.get(), accepted.get(), failures.get(), Map.copyOf(assignments));
  }

  private void visitor(
      int n,
      Map<String, Map<String, String>> assignments,
      AtomicLong visits,
      AtomicLong accepted,
      AtomicLong failures)
      throws IOException, InterruptedException {
    SplittableRandom random = new SplittableRandom(settings.seed() ^ (n * 0x9E3779B97F4A7C15L));
    Visitor v = new Visitor(client, base, Visitor.newId(random));
    Map<String, String> enrolled = new LinkedHashMap<>();
    boolean again = true;
    for (int visit = 0; again; visit++) {
      visits.incrementAndGet();
      enrolled.putAll(load(v, DemoServer.DASHBOARD, failures));
      enrolled.putAll(load(v, DemoServer.PRICING, failures));
      for (Map.Entry<String, String> e : enrolled.entrySet()) {
        Double rate = settings.rates().get(e.getValue());
        String event = targetEvents.get(e.getKey());
        // draw for every enrolled experiment, converting or not, so the stream stays aligned
        double draw = random.nextDouble();
        if (rate != null && event != null && draw < rate) {
          UUID id = new UUID(random.nextLong(), random.nextLong());
          HttpResponse<String> r =
              v.postJson(DemoServer.EVENTS, "{\"event\":\"" + event + "\",\"id\":\"" + id + "\"}");
          if (r.statusCode() == 202) {
            accepted.addAndGet(DemoServlets.JSON.readTree(r.body()).path("accepted").asLong());
          } else {
            failures.incrementAndGet();
          }
        }
      }
      again = visit == 0 && random.nextDouble() < settings.returning();
    }
    assignments.put(v.id(), Map.copyOf(enrolled));
  }

  private static Map<String, String> load(Visitor v, String path, AtomicLong failures)
      throws IOException, InterruptedException {
    HttpResponse<String> r = v.get(path);
    if (r.statusCode() != 200) {
      failures.incrementAndGet();
      return Map.of();
    }
    JsonNode body = DemoServlets.JSON.readTree(r.body());
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode id : body.path("enrolled")) {
      out.put(id.asText(), body.path("variants").path(id.asText()).asText());
    }
    return out;
  }
}

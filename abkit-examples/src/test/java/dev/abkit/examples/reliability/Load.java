package dev.abkit.examples.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Paced, bounded visitor traffic over real HTTP against a {@link DemoApp}-shaped server. Each
 * iteration is a new visitor (own cookie jar): {@code GET} the dashboard (two exposures), then one
 * {@code POST} of two events with client-chosen ids. It remembers exactly what the server
 * acknowledged: exposures (2xx dashboard answers: experiment/unit to variant) and events (202 with
 * a per-event {@code accepted}).
 *
 * <p>Thread-safe; {@link #run} blocks until the workers stop.
 */
final class Load {
  private final URI base;
  private final HttpClient http;
  private final String idPrefix;
  private final AtomicLong seq = new AtomicLong();

  final AtomicLong requests = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
  final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Long> latencyNanos = new ConcurrentLinkedQueue<>();
  final Set<String> ackedEvents = ConcurrentHashMap.newKeySet();
  final Map<String, String> ackedExposures = new ConcurrentHashMap<>();

  Load(URI base, HttpClient http, String idPrefix) {
    this.base = base;
    this.http = http;
    this.idPrefix = idPrefix;
  }

  /**
   * Runs {@code workers} threads until {@code stop} says so (checked between iterations) or {@code
   * maxIterations} visitors have run; each worker pauses {@code pauseMillis} between requests.
   */
  void run(int workers, long pauseMillis, int maxIterations, BooleanSupplier stop)
      throws InterruptedException {
    AtomicLong iterations = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t =
          new Thread(
              () -> {
                while (!stop.getAsBoolean() && iterations.incrementAndGet() <= maxIterations) {
                  try {
                    visit(pauseMillis);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "load-" + w);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Runs for {@code millis} of wall time. */
  void runFor(int workers, long pauseMillis, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    run(workers, pauseMillis, Integer.MAX_VALUE, () -> System.nanoTime() > end);
  }

  private void visit(long pauseMillis) throws InterruptedException {
    Visitor v = new Visitor(http);
    HttpResponse<String> dash = timed(() -> v.get(base.resolve(DemoApp.DASHBOARD)));
    if (dash == null || dash.statusCode() != 200) {
      return;
    }
    String unit = v.visitorId(base).orElse(null);
    if (unit == null) {
      fail("dashboard answered without a visitor cookie");
      return;
    }
    try {
      JsonNode variants = Visitor.json(dash).path("variants");
      for (String exp : DemoApp.DASHBOARD_EXPERIMENTS) {
        ackedExposures.put(exp + "/" + unit, variants.path(exp).asText());
      }
    } catch (java.io.IOException e) {
      fail("dashboard body is not JSON: " + e);
      return;
    }
    Thread.sleep(pauseMillis);
    ObjectNode body = Visitor.JSON.createObjectNode();
    ArrayNode events = body.putArray("events");
    long n = seq.incrementAndGet();
    events.addObject().put("event", "kpi_click").put("id", idPrefix + "-" + n + "-k");
    events
        .addObject()
        .put("event", "tooltip_open")
        .put("id", idPrefix + "-" + n + "-t")
        .put("value", 1.5);
    HttpResponse<String> post =
        timed(() -> v.postJson(base.resolve(DemoApp.EVENTS), body.toString()));
    if (post != null && post.statusCode() == 202) {
      try {
        for (JsonNode r : Visitor.json(post).path("results")) {
          if ("accepted".equals(r.path("status").asText())) {
            ackedEvents.add(r.path("id").asText());
          }
        }
      } catch (java.io.IOException e) {
        fail("event answer is not JSON: " + e);
      }
    }
    Thread.sleep(pauseMillis);
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private HttpResponse<String> timed(Call call) {
    long start = System.nanoTime();
    requests.incrementAndGet();
    try {
      HttpResponse<String> r = call.send();
      latencyNanos.add(System.nanoTime() - start);
      if (r.statusCode() >= 300) {
        fail("HTTP " + r.statusCode() + ": " + r.body());
      }
      return r;
    } catch (Exception e) {
      fail(e.toString());
      return null;
    }
  }

  private void fail(String what) {
    failures.incrementAndGet();
    if (failureSamples.size() < 5) {
      failureSamples.add(what);
    }
  }

  /** Acknowledged records: exposures plus events. */
  long acknowledged() {
    return (long) ackedEvents.size() + ackedExposures.size();
  }

  /** The 99th percentile request latency in milliseconds. */
  double p99Millis() {
    return percentile(new ArrayList<>(latencyNanos), 0.99);
  }

  static double percentile(List<Long> nanos, double q) {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
  }
}

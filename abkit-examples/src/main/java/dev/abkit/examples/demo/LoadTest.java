package dev.abkit.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Concurrent load on a demo: workers loop over the dashboard route, the pricing view and the event
 * endpoint (40/20/40) until the duration or the request budget runs out, timing every request. Then
 * it checks the store against what the server acknowledged: distinct (visitor, experiment) pairs
 * that 200 route responses reported enrolled must equal the exposures stored since the start, and
 * events the 202 responses counted as accepted must equal the events stored since the start.
 *
 * <p>Loopback only: it refuses any other address, so it cannot be pointed at someone else's server
 * by mistake.
 */
public final class LoadTest {
  /** What to run. {@code maxRequests} 0 means no bound but the duration. */
  public record Settings(int workers, Duration duration, long maxRequests) {
    public Settings {
      if (workers < 1 || workers > 512) {
        throw new IllegalArgumentException("workers must be in 1..512, was " + workers);
      }
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("duration must be positive, was " + duration);
      }
      if (maxRequests < 0) {
        throw new IllegalArgumentException("max-requests must be >= 0, was " + maxRequests);
      }
    }
  }

  /** Latencies and errors of one route. */
  public record RouteStats(String route, long requests, long errors, long[] sortedNanos) {
    /** The {@code q}-quantile latency in milliseconds (nearest rank), or NaN with no requests. */
    public double quantileMillis(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(rank, sortedNanos.length - 1))] / 1e6;
    }
  }

  /**
   * The run.
   *
   * @param elapsed wall time of the load phase
   * @param routes per route, then {@code total} last
   * @param firstErrors up to 5 error descriptions
   * @param exposuresAcknowledged distinct (visitor, experiment) pairs reported enrolled by 200s
   * @param exposuresStored exposures the store gained during the run
   * @param eventsAccepted events the endpoint accepted
   * @param eventsStored events the store gained during the run
   * @param resent requests sent a second time after a connection-level failure (not errors: they
   *     are idempotent)
   */
  public record Report(
      Duration elapsed,
      List<RouteStats> routes,
      List<String> firstErrors,
      long exposuresAcknowledged,
      long exposuresStored,
      long eventsAccepted,
      long eventsStored,
      long resent) {
    public RouteStats total() {
      return routes.get(routes.size() - 1);
    }

    public boolean countsMatch() {
      return exposuresAcknowledged == exposuresStored && eventsAccepted == eventsStored;
    }

    /** The human-readable report. */
    public String render() {
      double secs = elapsed.toNanos() / 1e9;
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "%-14s %9s %7s %9s %8s %8s %8s%n",
              "route",
              "requests",
              "errors",
              "req/s",
              "p50 ms",
              "p95 ms",
              "p99 ms"));
      for (RouteStats r : routes) {
        s.append(
            String.format(
                Locale.ROOT,
                "%-14s %9d %7d %9.1f %8.2f %8.2f %8.2f%n",
                r.route(),
                r.requests(),
                r.errors(),
                r.requests() / secs,
                r.quantileMillis(0.50),
                r.quantileMillis(0.95),
                r.quantileMillis(0.99)));
      }
      RouteStats t = total();
      s.append(
          String.format(
              Locale.ROOT,
              "elapsed %.1f s, throughput %.1f req/s, error rate %.3f%% (%d of %d), resent after"
                  + " a connection error %d%n",
              secs,
              t.requests() / secs,
              t.requests() == 0 ? 0.0 : 100.0 * t.errors() / t.requests(),
              t.errors(),
              t.requests(),
              resent));
      for (String e : firstErrors) {
        s.append("  error: ").append(e).append('\n');
      }
      s.append(
          String.format(
              Locale.ROOT,
              "store check: exposures acknowledged %d, stored %d: %s%n",
              exposuresAcknowledged,
              exposuresStored,
              exposuresAcknowledged == exposuresStored ? "OK" : "MISMATCH"));
      s.append(
          String.format(
              Locale.ROOT,
              "store check: events accepted %d, stored %d: %s%n",
              eventsAccepted,
              eventsStored,
              eventsAccepted == eventsStored ? "OK" : "MISMATCH"));
      return s.toString();
    }
  }

  private static final String[] EVENT_NAMES = {"kpi_click", "tooltip_open", "subscription_upgrade"};
  private static final String[] ROUTES = {"dashboard", "pricing-view", "events"};

  private final LongAdder resent = new LongAdder();

  private final Settings settings;
  private final URI base;
  private final String token;
  private final HttpClient client;

  /**
   * A load test against the demo at {@code base}.
   *
   * @throws IllegalArgumentException if {@code base} is not a loopback http URL
   */
  public LoadTest(Settings settings, URI base, String token) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.base = requireLoopback(base);
    this.token = Objects.requireNonNull(token, "token");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * Checks that {@code base} is an http(s) URL whose host resolves only to loopback addresses.
   *
   * @throws IllegalArgumentException naming the host otherwise
   */
  public static URI requireLoopback(URI base) {
    Objects.requireNonNull(base, "base-url");
    if (base.getScheme() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
        || base.getHost() == null) {
      throw new IllegalArgumentException(
          "base-url must be an http URL like http://127.0.0.1:8080, was " + base);
    }
    String host = base.getHost();
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          throw new IllegalArgumentException(
              "loadtest only runs against loopback addresses (127.0.0.1, ::1, localhost): "
                  + host
                  + " resolves to "
                  + a.getHostAddress());
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("base-url: unknown host " + host, e);
    }
    return base;
  }

  /** Runs the load, then the store check. */
  public Report run() throws IOException, InterruptedException {
    JsonNode before = counts();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong accepted = new AtomicLong();
    AtomicLong budget =
        new AtomicLong(settings.maxRequests() == 0 ? Long.MAX_VALUE : settings.maxRequests());
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long deadline = start + settings.duration().toNanos();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < settings.workers(); i++) {
      Worker w = new Worker(i, deadline, budget, acknowledged, accepted, errors);
      workers.add(w);
      Thread t = new Thread(w, "loadtest-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    JsonNode after = counts();

    List<RouteStats> routes = new ArrayList<>();
    long totalRequests = 0;
    long totalErrors = 0;
    List<long[]> all = new ArrayList<>();
    for (int r = 0; r < ROUTES.length; r++) {
      List<long[]> parts = new ArrayList<>();
      long errs = 0;
      for (Worker w : workers) {
        parts.add(w.latencies[r].toArray());
        errs += w.errors[r];
      }
      long[] merged = concat(parts);
      Arrays.sort(merged);
      routes.add(new RouteStats(ROUTES[r], merged.length, errs, merged));
      all.add(merged);
      totalRequests += merged.length;
      totalErrors += errs;
    }
    long[] total = concat(all);
    Arrays.sort(total);
    routes.add(new RouteStats("total", totalRequests, totalErrors, total));
    List<String> first;
    synchronized (errors) {
      first = List.copyOf(errors.subList(0, Math.min(5, errors.size())));
    }
    return new Report(
        elapsed,
        routes,
        first,
        acknowledged.size(),
        after.path("exposures").asLong() - before.path("exposures").asLong(),
        accepted.get(),
        after.path("events").asLong() - before.path("events").asLong(),
        resent.sum());
  }

  private JsonNode counts() throws IOException, InterruptedException {
    return RemoteResults.get(client, base, DemoServer.COUNTS, token, Duration.ofSeconds(120));
  }

  private static long[] concat(List<long[]> parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p.length;
    }
    long[] out = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** A growable array of longs (latencies in nanoseconds). */
  private static final class Longs {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private final class Worker implements Runnable {
    private final long deadline;
    private final AtomicLong budget;
    private final Set<String> acknowledged;
    private final AtomicLong accepted;
    private final List<String> errorLog;
    private final SplittableRandom random;
    private final List<String> visitors = new ArrayList<>();
    final Longs[] latencies = {new Longs(), new Longs(), new Longs()};
    final long[] errors = new long[3];

    Worker(
        int n,
        long deadline,
        AtomicLong budget,
        Set<String> acknowledged,
        AtomicLong accepted,
        List<String> errorLog) {
      this.deadline = deadline;
      this.budget = budget;
      this.acknowledged = acknowledged;
      this.accepted = accepted;
      this.errorLog = errorLog;
      this.random = new SplittableRandom(System.nanoTime() ^ (n * 0x9E3779B97F4A7C15L));
    }

    @Override
    public void run() {
      while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
        String visitor = visitor();
        double op = random.nextDouble();
        int route = op < 0.4 ? 0 : op < 0.6 ? 1 : 2;
        long t0 = System.nanoTime();
        String problem;
        try {
          problem = route == 2 ? events(visitor) : view(route, visitor);
        } catch (IOException e) {
          problem = e.toString();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        latencies[route].add(System.nanoTime() - t0);
        if (problem != null) {
          errors[route]++;
          if (errorLog.size() < 5) {
            errorLog.add(ROUTES[route] + ": " + problem);
          }
        }
      }
    }

    /** A returning visitor most of the time, a new one a quarter of the time. */
    private String visitor() {
      if (visitors.isEmpty() || (random.nextDouble() < 0.25 && visitors.size() < 5_000)) {
        String id = Visitor.newId(random);
        visitors.add(id);
        return id;
      }
      return visitors.get(random.nextInt(visitors.size()));
    }

    /** Sends, resending once after a connection-level failure (see {@link Resend}). */
    private HttpResponse<String> send(HttpRequest request)
        throws IOException, InterruptedException {
      return Resend.onFailure(client, request, resent::increment);
    }

    private HttpRequest.Builder request(String path, String visitor) {
      return HttpRequest.newBuilder(base.resolve(path))
          .header("Cookie", "abkit_vid=" + visitor)
          .timeout(Duration.ofSeconds(30));
    }

    private String view(int route, String visitor) throws IOException, InterruptedException {
      String path = route == 0 ? DemoServer.DASHBOARD : DemoServer.PRICING;
      HttpResponse<String> r = send(request(path, visitor).GET().build());
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode() + " " + r.body();
      }
      for (JsonNode id : DemoServlets.JSON.readTree(r.body()).path("enrolled")) {
        acknowledged.add(visitor + '|' + id.asText());
      }
      return null;
    }

    private String events(String visitor) throws IOException, InterruptedException {
      int n = 1 + random.nextInt(3);
      StringBuilder body = new StringBuilder(n == 1 ? "" : "{\"events\":[");
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          body.append(',');
        }
        body.append("{\"event\":\"")
            .append(EVENT_NAMES[random.nextInt(EVENT_NAMES.length)])
            .append("\",\"id\":\"")
            .append(new UUID(random.nextLong(), random.nextLong()))
            .append("\"}");
      }
      if (n > 1) {
        body.append("]}");
      }
      HttpResponse<String> r =
          send(
              request(DemoServer.EVENTS, visitor)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build());
      if (r.statusCode() != 202) {
        return "HTTP " + r.statusCode() + " " + r.body();
      }
      JsonNode answer = DemoServlets.JSON.readTree(r.body());
      accepted.addAndGet(answer.path("accepted").asLong());
      if (answer.path("accepted").asLong() != n) {
        return "only " + answer.path("accepted").asLong() + " of " + n + " accepted: " + r.body();
      }
      return null;
    }
  }
}

package dev.abkit.examples.bench;

import dev.abkit.AbKit;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.servlet.Experiments;
import dev.abkit.store.memory.InMemoryEventStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What abkit's servlet filters add to a request (DESIGN.md section 7: at most 10% against the same
 * route without them, in one run).
 *
 * <p>One in-process Jetty 12 (ee10) server on 127.0.0.1 serves the same small JSON servlet in two
 * contexts: {@code /plain/dashboard} bare, and {@code /ab/dashboard} behind abkit's assignment
 * filter and an exposure filter for two experiments ({@code kpi_scorecard_layout}, {@code
 * guided_onboarding}), registered with {@link AbKitServlets#register}. The store is a real {@link
 * InMemoryEventStore} behind abkit's normal recording pipeline (queue, writer thread), so the
 * figure excludes any database but includes everything the request thread does.
 *
 * <p>Visitors are returning ones: a pool of {@value #VISITORS} visitor cookies, each issued by the
 * server's own assignment filter in {@code @Setup}, cycled one per request. So in the measured
 * phase the filters resolve a known cookie, assign both experiments, and find the exposures already
 * logged (the dedupe path); the plain route gets the same cookie header, which it ignores.
 *
 * <p>Two ways in, each measured for both routes:
 *
 * <ul>
 *   <li>{@code plainRoute} / {@code abkitRoute}: real loopback HTTP/1.1 over one keep-alive socket,
 *       with a minimal hand-written client (fixed request bytes, reads to {@code Content-Length}),
 *       so the client adds as little as possible to the figure;
 *   <li>{@code plainLocal} / {@code abkitLocal}: the same request through Jetty's {@link
 *       LocalConnector} (HTTP parsing, the handler chain and the servlet filters in process, no
 *       socket), where the filters' share is larger because the network is gone.
 * </ul>
 *
 * The ratio {@code abkitRoute / plainRoute} is the acceptance figure; {@code abkit bench} prints
 * it.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServletBenchmark {

  static final int VISITORS = 1024;
  static final String KPI = "kpi_scorecard_layout";
  static final String ONBOARDING = "guided_onboarding";

  /**
   * Writes {@code {"variants":{...}}} for the two experiments: the assigned variants when abkit's
   * filters ran, else the control ({@code A}), so both routes write a body of the same length.
   */
  static final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final boolean abkit;

    DashboardServlet(boolean abkit) {
      this.abkit = abkit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String kpi = "A";
      String onboarding = "A";
      if (abkit) {
        Experiments ex = Experiments.of(req);
        kpi = ex.variant(KPI);
        onboarding = ex.variant(ONBOARDING);
      }
      byte[] body =
          ("{\"variants\":{\""
                  + KPI
                  + "\":\""
                  + kpi
                  + "\",\""
                  + ONBOARDING
                  + "\":\""
                  + onboarding
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8);
      resp.setContentType("application/json");
      resp.setContentLength(body.length);
      resp.getOutputStream().write(body);
    }
  }

  /** The server, both contexts, and the visitor pool (cookie header lines). */
  @State(Scope.Benchmark)
  public static class Site {
    Server server;
    ServerConnector http;
    LocalConnector local;
    AbKit abkit;
    InMemoryEventStore store;
    Path journal;
    String[] cookies;

    @Setup(Level.Trial)
    public void start() throws Exception {
      journal = Files.createTempDirectory("abkit-bench-servlet");
      store = new InMemoryEventStore();
      abkit =
          AbKit.builder()
              .manifest(
                  Manifest.of(
                      Experiment.of(KPI, "kpi_click", "A", "B"),
                      Experiment.of(ONBOARDING, "tooltip_open", "A", "B")))
              .eventStore(store)
              .pipeline(PipelineSettings.builder().journalDir(journal).build())
              .build();

      server = new Server();
      HttpConfiguration config = new HttpConfiguration();
      config.setSendServerVersion(false);
      config.setSendDateHeader(false);
      http = new ServerConnector(server, new HttpConnectionFactory(config));
      http.setHost("127.0.0.1");
      http.setPort(0);
      local = new LocalConnector(server, new HttpConnectionFactory(config));
      server.addConnector(http);
      server.addConnector(local);

      ServletContextHandler plain = new ServletContextHandler("/plain");
      plain.addServlet(new ServletHolder(new DashboardServlet(false)), "/dashboard");
      ServletContextHandler ab = new ServletContextHandler("/ab");
      AbKitServlets.Config abConfig =
          AbKitServlets.Config.builder()
              .exposure("/dashboard", KPI, ONBOARDING)
              .noEventsEndpoint()
              .noResultsEndpoint()
              .build();
      ab.addServletContainerInitializer(
          (classes, context) -> AbKitServlets.register(context, abkit, abConfig));
      ab.addServlet(new ServletHolder(new DashboardServlet(true)), "/dashboard");
      server.setHandler(new ContextHandlerCollection(plain, ab));
      server.start();

      cookies = new String[VISITORS];
      try (HttpClient client = new HttpClient(http.getLocalPort())) {
        for (int i = 0; i < VISITORS; i++) {
          String response = client.get("/ab/dashboard", "");
          cookies[i] = "Cookie: " + visitorCookie(response) + "\r\n";
        }
        String check = client.get("/ab/dashboard", cookies[0]);
        if (check.contains("Set-Cookie") || !check.startsWith("HTTP/1.1 200")) {
          throw new IllegalStateException("a returning visitor was not recognized:\n" + check);
        }
      }
    }

    private static String visitorCookie(String response) {
      for (String line : response.split("\r\n")) {
        if (line.regionMatches(true, 0, "Set-Cookie: abkit_vid=", 0, 22)) {
          int end = line.indexOf(';');
          return line.substring("Set-Cookie: ".length(), end < 0 ? line.length() : end);
        }
      }
      throw new IllegalStateException("no abkit_vid cookie in the response:\n" + response);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      server.stop();
      abkit.close();
      System.out.printf(
          "%n[servlet] store holds %d exposures for %d visitors (2 experiments each)%n",
          store.exposures().size(), VISITORS);
      PipelineBenchmark.deleteTree(journal);
    }
  }

  /** One keep-alive connection per benchmark thread, and its place in the visitor pool. */
  @State(Scope.Thread)
  public static class Visitor {
    HttpClient client;
    int next;

    @Setup(Level.Trial)
    public void connect(Site site) throws IOException {
      client = new HttpClient(site.http.getLocalPort());
    }

    @TearDown(Level.Trial)
    public void disconnect() throws IOException {
      client.close();
    }

    String cookie(Site site) {
      String c = site.cookies[next];
      next = (next + 1) & (VISITORS - 1);
      return c;
    }
  }

  /** The bare route over loopback HTTP. */
  @Benchmark
  public int plainRoute(Site site, Visitor v) throws IOException {
    return v.client.status("/plain/dashboard", v.cookie(site));
  }

  /** The same route behind abkit's assignment and exposure filters, over loopback HTTP. */
  @Benchmark
  public int abkitRoute(Site site, Visitor v) throws IOException {
    return v.client.status("/ab/dashboard", v.cookie(site));
  }

  /** The bare route through Jetty's in-process {@link LocalConnector}. */
  @Benchmark
  public String plainLocal(Site site, Visitor v) throws Exception {
    return local(site, "/plain/dashboard", v.cookie(site));
  }

  /** The abkit route through Jetty's in-process {@link LocalConnector}. */
  @Benchmark
  public String abkitLocal(Site site, Visitor v) throws Exception {
    return local(site, "/ab/dashboard", v.cookie(site));
  }

  /**
   * Request times of the two routes taken in interleaved pairs (one plain and one abkit request per
   * operation, alternating which goes first), so that load from other processes, which on a shared
   * machine moves the separate benchmarks' scores by more than the filters cost, falls on both
   * alike. At the end of the trial it prints the median of each route over the measurement
   * iterations, the ratio of those medians, and the median of the per-pair ratios (the paired
   * estimate); the benchmark's own score is the time of one pair.
   */
  @State(Scope.Thread)
  public static class Pairs {
    static final int CAPACITY = 1 << 21;
    final long[] plain = new long[CAPACITY];
    final long[] abkit = new long[CAPACITY];
    int n;
    boolean abkitFirst;
    final List<String> iterations = new ArrayList<>();
    long[] measuredPlain = new long[0];
    long[] measuredAbkit = new long[0];

    void record(long plainNanos, long abkitNanos) {
      if (n < CAPACITY) {
        plain[n] = plainNanos;
        abkit[n] = abkitNanos;
        n++;
      }
    }

    @TearDown(Level.Iteration)
    public void iteration(IterationParams params) {
      if (params.getType() == IterationType.MEASUREMENT) {
        long[] p = Arrays.copyOf(plain, n);
        long[] a = Arrays.copyOf(abkit, n);
        iterations.add(String.format("%.3f", median(a) / median(p)));
        measuredPlain = concat(measuredPlain, p);
        measuredAbkit = concat(measuredAbkit, a);
      }
      n = 0;
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams params) {
      double p = median(measuredPlain);
      double a = median(measuredAbkit);
      String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      double[] pairRatios = new double[measuredPlain.length];
      for (int i = 0; i < pairRatios.length; i++) {
        pairRatios[i] = (double) measuredAbkit[i] / measuredPlain[i];
      }
      Arrays.sort(pairRatios);
      double medianPairRatio =
          pairRatios.length == 0 ? Double.NaN : pairRatios[pairRatios.length / 2];
      System.out.printf(
          "%n[%s] %d pairs: median plain %.1f us, abkit %.1f us, ratio of medians %.3f,"
              + " median of pair ratios %.3f (ratio of medians per iteration: %s)%n",
          name,
          measuredPlain.length,
          p / 1e3,
          a / 1e3,
          a / p,
          medianPairRatio,
          String.join(", ", iterations));
    }

    private static double median(long[] values) {
      if (values.length == 0) {
        return Double.NaN;
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      int mid = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static long[] concat(long[] x, long[] y) {
      long[] r = Arrays.copyOf(x, x.length + y.length);
      System.arraycopy(y, 0, r, x.length, y.length);
      return r;
    }
  }

  /** One plain and one abkit request over loopback HTTP, interleaved; see {@link Pairs}. */
  @Benchmark
  public int pairedRoutes(Site site, Visitor v, Pairs pairs) throws IOException {
    String cookie = v.cookie(site);
    boolean abkitFirst = pairs.abkitFirst = !pairs.abkitFirst;
    long t0 = System.nanoTime();
    int s1 = v.client.status(abkitFirst ? "/ab/dashboard" : "/plain/dashboard", cookie);
    long t1 = System.nanoTime();
    int s2 = v.client.status(abkitFirst ? "/plain/dashboard" : "/ab/dashboard", cookie);
    long t2 = System.nanoTime();
    pairs.record(abkitFirst ? t2 - t1 : t1 - t0, abkitFirst ? t1 - t0 : t2 - t1);
    return s1 + s2;
  }

  /** One plain and one abkit request through the {@link LocalConnector}, interleaved. */
  @Benchmark
  public int pairedLocal(Site site, Visitor v, Pairs pairs) throws Exception {
    String cookie = v.cookie(site);
    boolean abkitFirst = pairs.abkitFirst = !pairs.abkitFirst;
    long t0 = System.nanoTime();
    String r1 = local(site, abkitFirst ? "/ab/dashboard" : "/plain/dashboard", cookie);
    long t1 = System.nanoTime();
    String r2 = local(site, abkitFirst ? "/plain/dashboard" : "/ab/dashboard", cookie);
    long t2 = System.nanoTime();
    pairs.record(abkitFirst ? t2 - t1 : t1 - t0, abkitFirst ? t1 - t0 : t2 - t1);
    return r1.length() + r2.length();
  }

  private static String local(Site site, String path, String cookie) throws Exception {
    String response =
        site.local.getResponse(
            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie + "\r\n",
            5,
            TimeUnit.SECONDS);
    if (response == null || !response.startsWith("HTTP/1.1 200")) {
      throw new IllegalStateException("unexpected response: " + response);
    }
    return response;
  }

  /**
   * A minimal HTTP/1.1 client on one keep-alive socket: writes a GET with the given header lines,
   * reads the status line and headers, then exactly {@code Content-Length} body bytes. Enough for
   * this server's responses (the servlet sets the length); anything else is an error. Not
   * thread-safe.
   */
  static final class HttpClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] header = new byte[8192];

    HttpClient(int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** Sends a GET and returns the status code, the body read and discarded. */
    int status(String path, String headerLines) throws IOException {
      int headerLength = exchange(path, headerLines);
      int status = (header[9] - '0') * 100 + (header[10] - '0') * 10 + (header[11] - '0');
      skip(contentLength(headerLength));
      if (status != 200) {
        throw new IllegalStateException("status " + status + " for " + path);
      }
      return status;
    }

    /** Sends a GET and returns the whole response as text. */
    String get(String path, String headerLines) throws IOException {
      int headerLength = exchange(path, headerLines);
      int length = contentLength(headerLength);
      byte[] body = in.readNBytes(length);
      return new String(header, 0, headerLength, StandardCharsets.ISO_8859_1)
          + new String(body, StandardCharsets.UTF_8);
    }

    private int exchange(String path, String headerLines) throws IOException {
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLines + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      int n = 0;
      while (n < 4
          || header[n - 4] != '\r'
          || header[n - 3] != '\n'
          || header[n - 2] != '\r'
          || header[n - 1] != '\n') {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed after " + n + " header bytes");
        }
        if (n == header.length) {
          throw new IOException("response header longer than " + header.length + " bytes");
        }
        header[n++] = (byte) b;
      }
      return n;
    }

    private int contentLength(int headerLength) throws IOException {
      String head = new String(header, 0, headerLength, StandardCharsets.ISO_8859_1);
      int at = indexOfIgnoreCase(head, "\r\nContent-Length:");
      if (at < 0) {
        throw new IOException("response without Content-Length:\n" + head);
      }
      int start = at + "\r\nContent-Length:".length();
      int end = head.indexOf('\r', start);
      return Integer.parseInt(head.substring(start, end).trim());
    }

    private static int indexOfIgnoreCase(String s, String what) {
      for (int i = 0; i + what.length() <= s.length(); i++) {
        if (s.regionMatches(true, i, what, 0, what.length())) {
          return i;
        }
      }
      return -1;
    }

    private void skip(int length) throws IOException {
      in.skipNBytes(length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}

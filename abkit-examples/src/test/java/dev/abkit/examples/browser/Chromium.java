package dev.abkit.examples.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (CDP) with the JDK's own WebSocket
 * client: no WebDriver, no chromedriver, nothing downloaded. Just the calls a browser test needs:
 * navigate and wait for the load event, evaluate JavaScript, click like a mouse does, send extra
 * request headers, and take screenshots.
 *
 * <p>The browser is started with a fresh profile directory (deleted on close), on a DevTools port
 * the OS picks ({@code --remote-debugging-port=0}); the port is read from the {@code DevTools
 * listening on ws://...} line Chromium prints. One page target is created and attached in flat
 * session mode, so every page command carries its {@code sessionId}. Not thread-safe: one test
 * thread drives it (the WebSocket listener only completes futures and records events).
 *
 * <p>Protocol reference: https://chromedevtools.github.io/devtools-protocol/ (domains Target, Page,
 * Runtime, Input, Network, Emulation).
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Flags that keep Chromium quiet, offline apart from the page, and reproducible. */
  static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--no-default-browser-check",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-extensions",
          "--hide-scrollbars",
          "--window-size=1000,900",
          "--remote-debugging-port=0");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final String session;

  private Chromium(Process process, Path profile, URI browserEndpoint)
      throws IOException, InterruptedException {
    this.process = process;
    this.profile = profile;
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(TIMEOUT)
            .buildAsync(browserEndpoint, new Listener())
            .join();
    String target =
        send(null, "Target.createTarget", obj().put("url", "about:blank"))
            .path("targetId")
            .asText();
    this.session =
        send(null, "Target.attachToTarget", obj().put("targetId", target).put("flatten", true))
            .path("sessionId")
            .asText();
    page("Page.enable", obj());
    page("Runtime.enable", obj());
    page("Network.enable", obj());
    page("Log.enable", obj());
  }

  /**
   * The Chromium binary: {@code $ABKIT_CHROMIUM}, else {@code chromium} or {@code chromium-browser}
   * on the {@code PATH} or in {@code /usr/bin}.
   */
  static Optional<Path> binary() {
    String explicit = System.getenv("ABKIT_CHROMIUM");
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.add(Path.of("/usr/bin"));
    for (String name : List.of("chromium", "chromium-browser")) {
      for (Path d : dirs) {
        Path p = d.resolve(name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Starts {@code binary} headless with {@link #FLAGS} and a fresh profile, and opens a page. */
  static Chromium start(Path binary) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("abkit-chromium");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      URI endpoint = readEndpoint(process);
      return new Chromium(process, profile, endpoint);
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      deleteTree(profile);
      throw e;
    }
  }

  /** Reads Chromium's output until the DevTools line; keeps draining it afterwards. */
  private static URI readEndpoint(Process process) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<URI> endpoint = new CompletableFuture<>();
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  int at = line.indexOf("ws://");
                  if (line.startsWith("DevTools listening on") && at >= 0) {
                    endpoint.complete(URI.create(line.substring(at).strip()));
                  } else if (seen.size() < 50) {
                    seen.add(line);
                  }
                }
                endpoint.completeExceptionally(
                    new IOException(
                        "Chromium exited before listening:\n" + String.join("\n", seen)));
              } catch (IOException e) {
                endpoint.completeExceptionally(e);
              }
            },
            "chromium-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while Chromium started", e);
    } catch (ExecutionException e) {
      throw new IOException("Chromium did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(
          "Chromium printed no DevTools endpoint within "
              + TIMEOUT.toSeconds()
              + " s; output so far:\n"
              + String.join("\n", seen),
          e);
    }
  }

  /** Sends every later request of this page with these extra headers. */
  void extraHeaders(Map<String, String> headers) throws IOException, InterruptedException {
    ObjectNode h = obj();
    headers.forEach(h::put);
    ObjectNode params = obj();
    params.set("headers", h);
    page("Network.setExtraHTTPHeaders", params);
  }

  /** Navigates and waits for the page's load event; returns the HTTP status of the document. */
  int navigate(URI url) throws IOException, InterruptedException {
    events.clear();
    JsonNode r = page("Page.navigate", obj().put("url", url.toString()));
    if (r.hasNonNull("errorText")) {
      throw new IOException("navigation to " + url + " failed: " + r.get("errorText").asText());
    }
    String frame = r.path("frameId").asText();
    JsonNode loaded = awaitEvent("Page.loadEventFired");
    if (loaded == null) {
      throw new IOException("no load event for " + url + " within " + TIMEOUT.toSeconds() + " s");
    }
    for (JsonNode e : events) {
      if (e.path("method").asText().equals("Network.responseReceived")
          && e.path("params").path("type").asText().equals("Document")
          && e.path("params").path("frameId").asText().equals(frame)) {
        return e.path("params").path("response").path("status").asInt();
      }
    }
    throw new IOException("no document response seen for " + url);
  }

  /** Evaluates {@code expression} in the page (promises awaited) and returns its JSON value. */
  JsonNode eval(String expression) throws IOException, InterruptedException {
    JsonNode r =
        page(
            "Runtime.evaluate",
            obj()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IOException(
          "script failed: " + expression + "\n" + r.get("exceptionDetails").toPrettyString());
    }
    return r.path("result").path("value");
  }

  /** The page's visible text ({@code innerText}) of the first element matching {@code css}. */
  String text(String css) throws IOException, InterruptedException {
    JsonNode v =
        eval(
            "(() => { const e = document.querySelector("
                + JSON.writeValueAsString(css)
                + "); return e ? e.innerText : null; })()");
    return v.isNull() || v.isMissingNode() ? null : v.asText();
  }

  /** Waits until {@code condition} (a JavaScript expression) is truthy in the page. */
  boolean waitFor(String condition) throws IOException, InterruptedException {
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      if (eval("!!(" + condition + ")").asBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /**
   * Clicks the centre of the first element matching {@code css} with real mouse events (pressed,
   * released), after scrolling it into view, as a person would: hit-testing decides what receives
   * the click, so a covered or invisible element does not.
   */
  void click(String css) throws IOException, InterruptedException {
    JsonNode at =
        eval(
            "(() => { const e = document.querySelector("
                + JSON.writeValueAsString(css)
                + "); if (!e) return null; e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    if (at.isNull() || at.isMissingNode()) {
      throw new IOException("nothing matches " + css);
    }
    for (String type : List.of("mousePressed", "mouseReleased")) {
      page(
          "Input.dispatchMouseEvent",
          obj()
              .put("type", type)
              .put("x", at.get("x").asDouble())
              .put("y", at.get("y").asDouble())
              .put("button", "left")
              .put("clickCount", 1));
    }
  }

  /**
   * Lays pages out at {@code width} × {@code height} CSS pixels, as a desktop window of that size
   * (not mobile emulation: a mobile viewport zooms out to fit a page that overflows, which would
   * hide the horizontal scroll this is used to detect). Applies to the current and later pages.
   */
  void viewport(int width, int height) throws IOException, InterruptedException {
    page(
        "Emulation.setDeviceMetricsOverride",
        obj()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
  }

  /** Back to the window's own size ({@link #FLAGS}). */
  void clearViewport() throws IOException, InterruptedException {
    page("Emulation.clearDeviceMetricsOverride", obj());
  }

  /**
   * Console errors, uncaught exceptions and browser-logged errors (a resource that failed to load,
   * a Content-Security-Policy violation) since the last {@link #navigate}.
   */
  List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (JsonNode e : events) {
      JsonNode p = e.path("params");
      switch (e.path("method").asText()) {
        case "Runtime.consoleAPICalled" -> {
          if (p.path("type").asText().equals("error")) {
            errors.add("console.error: " + p.path("args"));
          }
        }
        case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
        case "Log.entryAdded" -> {
          if (p.path("entry").path("level").asText().equals("error")) {
            errors.add(
                "log: "
                    + p.path("entry").path("text").asText()
                    + " "
                    + p.path("entry").path("url").asText());
          }
        }
        default -> {}
      }
    }
    return errors;
  }

  /** A PNG of the whole page (beyond the viewport). */
  byte[] screenshot() throws IOException, InterruptedException {
    JsonNode r =
        page(
            "Page.captureScreenshot",
            obj().put("format", "png").put("captureBeyondViewport", true));
    return Base64.getDecoder().decode(r.path("data").asText());
  }

  /** Saves {@link #screenshot()} to {@code file}, creating its directory. */
  Path screenshot(Path file) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Files.write(file, screenshot());
    return file;
  }

  private JsonNode page(String method, ObjectNode params) throws IOException, InterruptedException {
    return send(session, method, params);
  }

  private JsonNode send(String sessionId, String method, ObjectNode params)
      throws IOException, InterruptedException {
    long id = ids.incrementAndGet();
    ObjectNode message = obj().put("id", id).put("method", method);
    message.set("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(message), true).join();
    try {
      JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IOException(method + " failed: " + r.get("error"));
      }
      return r.path("result");
    } catch (ExecutionException e) {
      throw new IOException(method + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(method + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
    } finally {
      pending.remove(id);
    }
  }

  private JsonNode awaitEvent(String method) throws InterruptedException {
    JsonNode[] found = new JsonNode[1];
    BooleanSupplier seen =
        () -> {
          for (JsonNode e : events) {
            if (e.path("method").asText().equals(method)) {
              found[0] = e;
              return true;
            }
          }
          return false;
        };
    long end = System.nanoTime() + TIMEOUT.toNanos();
    while (!seen.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return null;
      }
      Thread.sleep(20);
    }
    return found[0];
  }

  private static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  /**
   * Asks Chromium to quit ({@code Browser.close}), waits for it and its helper processes (the
   * renderer and the crash handler still write to the profile for a moment after the main process
   * exits), stops any that linger, then deletes the profile.
   */
  @Override
  public void close() throws IOException {
    List<ProcessHandle> helpers = process.descendants().toList();
    // Not awaited: Chromium may drop the connection before answering. A browser that does not
    // take the command is stopped below all the same.
    socket
        .sendText(
            JSON.writeValueAsString(
                obj().put("id", ids.incrementAndGet()).put("method", "Browser.close")),
            true)
        .exceptionally(e -> null);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
    socket.abort();
    List<ProcessHandle> all = new ArrayList<>(helpers);
    all.add(process.toHandle());
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        p.destroyForcibly();
      }
    }
    deleteTree(profile);
  }

  /** Deletes {@code root}, retrying briefly in case an exiting process still adds files. */
  private static void deleteTree(Path root) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        deleteOnce(root);
        return;
      } catch (IOException e) {
        if (attempt == 5) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static void deleteOnce(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Reassembles fragmented text frames; routes replies by id and keeps events. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            events.add(message);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}

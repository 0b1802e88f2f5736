package dev.abkit.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a request body with non-blocking servlet I/O and a deadline, so a client that dribbles its
 * body holds no container thread while it waits and is answered {@code 408} when the deadline
 * passes. Exactly one of the outcomes (the body, too large, timed out, failed) runs, once.
 */
public final class AsyncBody {
  /** What to do with the body once it is complete; runs on a container thread. */
  @FunctionalInterface
  public interface Handler {
    void handle(byte[] body) throws IOException;
  }

  private AsyncBody() {}

  /**
   * Starts reading {@code async}'s request body, at most {@code max} bytes within {@code timeout};
   * completes {@code async} when done. {@code tooLarge} answers a body over {@code max}.
   */
  public static void read(
      AsyncContext async, int max, Duration timeout, Handler body, Handler tooLarge)
      throws IOException {
    AtomicBoolean done = new AtomicBoolean();
    HttpServletResponse resp = (HttpServletResponse) async.getResponse();
    async.setTimeout(timeout.toMillis());
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) throws IOException {
            if (done.compareAndSet(false, true)) {
              resp.setHeader("Connection", "close");
              JsonResponses.send(
                  resp,
                  408,
                  JsonResponses.error(
                      "the request body did not arrive within " + timeout.toSeconds() + " s",
                      null));
              async.complete();
            }
          }

          @Override
          public void onError(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
              async.complete();
            }
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    ServletInputStream in = async.getRequest().getInputStream();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(max + 1, 8192));
    in.setReadListener(
        new ReadListener() {
          private final byte[] chunk = new byte[8192];

          @Override
          public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
              int n = in.read(chunk);
              if (n < 0) {
                return;
              }
              buffer.write(chunk, 0, n);
              if (buffer.size() > max) {
                finish(tooLarge, null);
                return;
              }
            }
          }

          @Override
          public void onAllDataRead() throws IOException {
            finish(body, buffer.toByteArray());
          }

          @Override
          public void onError(Throwable t) {
            if (done.compareAndSet(false, true)) {
              async.complete();
            }
          }

          private void finish(Handler handler, byte[] bytes) throws IOException {
            if (done.compareAndSet(false, true)) {
              try {
                handler.handle(bytes);
              } finally {
                async.complete();
              }
            }
          }
        });
  }
}

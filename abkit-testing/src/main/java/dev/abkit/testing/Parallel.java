package dev.abkit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a contract's racing callers, one thread each, released together. */
final class Parallel {
  private static final long TIMEOUT_SECONDS = 120;

  private Parallel() {}

  /**
   * Runs every call on a thread of its own, all starting at the same moment, and returns their
   * results in order. The first failure is thrown (inside an {@link
   * java.util.concurrent.ExecutionException}), as is a {@link
   * java.util.concurrent.TimeoutException} for a call still running after two minutes.
   */
  static <T> List<T> callAll(List<? extends Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<T>> pending = new ArrayList<>();
      for (Callable<T> c : calls) {
        pending.add(
            pool.submit(
                () -> {
                  start.await();
                  return c.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : pending) {
        results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.abkit.servlet.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Logs a repeated failure once, with its stack trace, and counts every occurrence; later
 * occurrences go to DEBUG only. Request paths use it so that a broken store or a buggy user
 * callback does not flood the log at request rate.
 *
 * <p>Thread-safe.
 */
public final class LogOnce {
  private final Logger log;
  private final String what;
  private final AtomicBoolean logged = new AtomicBoolean();
  private final LongAdder count = new LongAdder();

  /**
   * @param log where to log
   * @param what the failure, completing "abkit: ... (logged once; later occurrences at DEBUG)"
   */
  public LogOnce(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** Records one occurrence at WARN (first time) or DEBUG. */
  public void warn(Throwable cause) {
    count.increment();
    if (logged.compareAndSet(false, true)) {
      log.warn("abkit: {} (logged once; later occurrences at DEBUG)", what, cause);
    } else if (log.isDebugEnabled()) {
      log.debug("abkit: {}", what, cause);
    }
  }

  /** Records one occurrence of a configuration error: ERROR the first time, DEBUG after. */
  public void error(String detail) {
    count.increment();
    if (logged.compareAndSet(false, true)) {
      log.error("abkit: {}: {}", what, detail);
    } else if (log.isDebugEnabled()) {
      log.debug("abkit: {}: {}", what, detail);
    }
  }

  /** How many occurrences so far. */
  public long count() {
    return count.sum();
  }
}

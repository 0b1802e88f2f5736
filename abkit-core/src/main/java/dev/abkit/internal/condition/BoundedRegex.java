package dev.abkit.internal.condition;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manifest {@code $regex} matched with a time budget. The pattern comes from the manifest but the
 * input from the client (a User-Agent, an attribute), and a backtracking pattern such as {@code
 * (a+)+$} on a crafted input runs for seconds on a request thread. java.util.regex keeps
 * JavaScript's syntax (lookaround, backreferences), which RE2/J would not; instead the input is a
 * {@link CharSequence} that checks the deadline as the matcher reads it. Past the budget the match
 * is abandoned and counts as "no match", logged once per condition.
 *
 * <p>Thread-safe.
 */
final class BoundedRegex implements Matcher {
  /** How long one match may run. */
  static final Duration BUDGET = Duration.ofMillis(10);

  private static final Logger log = LoggerFactory.getLogger(BoundedRegex.class);

  private final Pattern pattern;
  private final String path;
  private final long budgetNanos;
  private final AtomicBoolean logged = new AtomicBoolean();

  BoundedRegex(Pattern pattern, String path, Duration budget) {
    this.pattern = pattern;
    this.path = path;
    this.budgetNanos = budget.toNanos();
  }

  @Override
  public boolean test(Object value) {
    String input = JavaScriptText.jsString(value);
    try {
      return pattern.matcher(new Deadlined(input, System.nanoTime() + budgetNanos)).find();
    } catch (OverBudget e) {
      if (logged.compareAndSet(false, true)) {
        log.warn(
            "condition {}: $regex /{}/ ran over its {} ms budget on an input of {} characters;"
                + " treated as no match (logged once per condition)",
            path,
            pattern.pattern(),
            BUDGET.toMillis(),
            input.length());
      }
      return false;
    }
  }

  /** Thrown from inside the matcher; carries no stack trace, it is control flow. */
  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super(null, null, false, false);
    }
  }

  /** The input, checking the clock every 1024 reads (a read costs about a nanosecond). */
  private static final class Deadlined implements CharSequence {
    private final String s;
    private final long deadline;
    private int reads;

    Deadlined(String s, long deadline) {
      this.s = s;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 1023) == 0 && System.nanoTime() - deadline > 0) {
        throw new OverBudget();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.subSequence(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}

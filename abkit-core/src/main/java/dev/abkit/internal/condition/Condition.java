package dev.abkit.internal.condition;

import static dev.abkit.internal.condition.Matcher.ALWAYS;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A compiled MongoDB-style targeting condition: GrowthBook's condition language.
 *
 * <p>Semantics follow GrowthBook's JavaScript SDK {@code evalCondition} (growthbook/growthbook,
 * {@code packages/sdk-js/src/mongrule.ts}, MIT), including its JavaScript coercions: a string
 * condition compares {@code String(value)}, a number condition {@code value * 1}, {@code
 * $lt}/{@code $gt} use JavaScript's relational comparison, arrays and plain objects compare by
 * {@code JSON.stringify}, and version operators compare GrowthBook's {@code paddedVersionString}.
 * The suite {@code peer-vectors/growthbook-condition-cases.json} (GrowthBook's own 248 cases) is
 * the acceptance test.
 *
 * <p>Attributes and conditions are JSON-like Java values: {@code Map<String, ?>}, {@code List<?>},
 * {@link String}, any {@link Number} (compared as doubles, as JavaScript does), {@link Boolean} and
 * {@code null}. Dotted keys ({@code "father.age"}) walk nested maps and list indexes.
 *
 * <p>The condition is compiled once (paths split, regular expressions compiled, operators
 * resolved); {@link #test} then walks the compiled tree without allocating beyond strings that the
 * JavaScript coercions require. Malformed parts (unknown operator, {@code $in} without an array,
 * bad regular expression, ...) evaluate to {@code false} where they stand, as in GrowthBook, and
 * are listed by {@link #check}. Instances are immutable and thread-safe; {@code test} never throws.
 */
public final class Condition {

  /** One malformed part of a condition, for validation messages. */
  public record Issue(String path, String rule, Object value) {}

  private static final Condition EVERYONE = new Condition(ALWAYS);

  private final Matcher root;

  private Condition(Matcher root) {
    this.root = root;
  }

  /**
   * Compiles a condition; {@code null} or an empty map matches everyone. Malformed parts evaluate
   * to {@code false} (see {@link #check}).
   */
  public static Condition compile(Map<String, Object> condition) {
    return compile(condition, Map.of());
  }

  /** Compiles a condition with saved groups for {@code $inGroup} / {@code $notInGroup}. */
  public static Condition compile(
      Map<String, Object> condition, Map<String, List<Object>> savedGroups) {
    if (condition == null || condition.isEmpty()) {
      return EVERYONE;
    }
    ConditionCompiler c = new ConditionCompiler(savedGroups == null ? Map.of() : savedGroups);
    return new Condition(c.condition(condition, ""));
  }

  /**
   * The malformed parts of a condition, each with its path inside the condition (e.g. {@code
   * platform.$in}); empty when the condition is well formed.
   */
  public static List<Issue> check(Map<String, Object> condition) {
    if (condition == null) {
      return List.of();
    }
    ConditionCompiler c = new ConditionCompiler(Map.of());
    c.condition(condition, "");
    return Collections.unmodifiableList(c.issues);
  }

  /**
   * Whether the attributes satisfy the condition. Never throws; {@code null} means no attributes.
   */
  public boolean test(Map<String, Object> attributes) {
    try {
      return root.test(attributes == null ? Map.of() : attributes);
    } catch (RuntimeException | StackOverflowError e) {
      // only reachable with exotic attribute values (self-referencing maps, throwing toString);
      // the request path must not fail, and GrowthBook also evaluates such cases to false
      return false;
    }
  }
}

package dev.abkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.spi.AssignmentStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AssignmentStore} (sticky assignment), as tests to run against your store:
 * extend this class in your test sources and return a new, empty store from {@link #newStore()}.
 *
 * <pre>{@code
 * class MyAssignmentStoreContractTest extends AssignmentStoreContract<MyAssignmentStore> {
 *   @Override
 *   protected MyAssignmentStore newStore() {
 *     return new MyAssignmentStore(...); // empty
 *   }
 * }
 * }</pre>
 *
 * <p><b>The rules</b>, one test method each, named {@code rule_condition_result}: the first
 * proposal for (experiment, unit) is stored and returned, and every later call gets it ({@code
 * stickyAssignment...}), also from another instance and from racing callers; a call under another
 * salt replaces it ({@code saltChange...}: changing an experiment's salt re-randomizes).
 *
 * <p><b>Hooks</b>: {@link #anotherInstance()} (a second instance over the same data; without one
 * the multi-instance rules use the one store), {@link #storedAssignments} (how many assignments the
 * store holds, when it can tell) and {@link #cleanUp()} (after each test, once its stores are
 * closed). The lifecycle is {@link EventStoreContract}'s: one store per test method, opened on
 * first use, closed after it.
 *
 * @param <S> the store under test
 */
public abstract class AssignmentStoreContract<S extends AssignmentStore>
    extends StoreContractBase<S> {
  private static final String EXP = "exp";

  /** For subclasses. */
  protected AssignmentStoreContract() {}

  /**
   * How many assignments {@code store} holds, one per (experiment, unit); empty (the default) when
   * it cannot tell, and the rules check through {@code getOrPut} alone.
   */
  protected OptionalLong storedAssignments(S store) throws Exception {
    return OptionalLong.empty();
  }

  /** The first proposal for a unit is stored and returned. */
  @Test
  public void stickyAssignment_firstProposal_storedAndReturned() throws Exception {
    assertThat(store().getOrPut(EXP, "u1", "s1", "A")).isEqualTo("A");
    assertStored(1);
  }

  /** Later proposals under the same salt, from this instance or another, get the first variant. */
  @Test
  public void stickyAssignment_laterProposals_getTheFirstVariant() throws Exception {
    S s = store();
    assertThat(s.getOrPut(EXP, "u1", "s1", "A")).isEqualTo("A");
    assertThat(s.getOrPut(EXP, "u1", "s1", "B")).isEqualTo("A");
    assertThat(anotherOrSame().getOrPut(EXP, "u1", "s1", "B"))
        .as("another instance's proposal")
        .isEqualTo("A");
    assertThat(s.getOrPut(EXP, "u1", "s1", "B")).isEqualTo("A");
    assertStored(1);
  }

  /** The key is (experiment, unit): other units and other experiments have their own. */
  @Test
  public void stickyAssignment_otherUnitOrExperiment_independent() throws Exception {
    S s = store();
    assertThat(s.getOrPut(EXP, "u1", "s1", "A")).isEqualTo("A");
    assertThat(s.getOrPut(EXP, "u2", "s1", "B")).isEqualTo("B");
    assertThat(s.getOrPut("other", "u1", "s1", "B")).isEqualTo("B");
    assertThat(s.getOrPut(EXP, "u1", "s1", "C")).isEqualTo("A");
    assertStored(3);
  }

  /**
   * A call under another salt stores its proposal in place of the old assignment (changing the salt
   * re-randomizes), which then sticks under the new salt.
   */
  @Test
  public void saltChange_storedAssignment_replacedByTheNewProposal() throws Exception {
    S s = store();
    assertThat(s.getOrPut(EXP, "u1", "s1", "A")).isEqualTo("A");
    assertThat(s.getOrPut(EXP, "u1", "s2", "B")).isEqualTo("B");
    assertThat(s.getOrPut(EXP, "u1", "s2", "A")).isEqualTo("B");
    assertStored(1);
  }

  /**
   * Sixteen callers on two instances (when {@link #anotherInstance()} gives one) propose different
   * variants for the same unit at the same moment: all get the same answer, which then sticks. Ten
   * units under one salt, then the same ten under another, so the replacing path races too.
   */
  @Test
  public void stickyAssignment_concurrentCallers_allGetTheSameVariant() throws Exception {
    S first = store();
    S second = anotherOrSame();
    int callers = 16;
    for (String salt : List.of("s1", "s2")) {
      for (int unit = 0; unit < 10; unit++) {
        String u = "u" + unit;
        List<Callable<String>> calls = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
          S target = c % 2 == 0 ? first : second;
          String proposed = "V" + c;
          calls.add(() -> target.getOrPut(EXP, u, salt, proposed));
        }
        List<String> answers = Parallel.callAll(calls);
        assertThat(new HashSet<>(answers)).as("answers for %s under %s", u, salt).hasSize(1);
        assertThat(first.getOrPut(EXP, u, salt, "other")).isEqualTo(answers.get(0));
      }
    }
    assertStored(10);
  }

  private void assertStored(long expected) throws Exception {
    OptionalLong n = storedAssignments(store());
    if (n.isPresent()) {
      assertThat(n.getAsLong()).as("assignments held, by storedAssignments()").isEqualTo(expected);
    }
  }
}

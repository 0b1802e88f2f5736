package dev.abkit.internal.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The allocation-free hash forms agree with hashing the UTF-8 bytes of the concatenation. */
class HashPropertiesTest {

  @Property(tries = 500)
  void murmur3_allFormsAgreeWithTheBytesOfTheConcatenation(
      @ForAll String a, @ForAll String b, @ForAll int seed) {
    int expected = Murmur3.hash32((a + b).getBytes(StandardCharsets.UTF_8), seed);
    assertThat(Murmur3.hash32(a, b, seed)).isEqualTo(expected);
    assertThat(new Murmur3.Prefix(a, seed).hash(b)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void md5Prefix_twoPartFormAgreesWithTheBytesOfTheConcatenation(
      @ForAll String a, @ForAll String b) {
    assertThat(Md5Prefix.of(a, b))
        .isEqualTo(Md5Prefix.of((a + b).getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 300)
  void fnv1a_twoPartFormIsTheHashOfTheConcatenation(@ForAll String a, @ForAll String b) {
    assertThat(Fnv1a32.hash(a, b)).isEqualTo(Fnv1a32.hash(a + b));
  }

  @Property(tries = 300)
  void fnv1a_unsignedDecimalIsTheHashOfTheText(@ForAll int v) {
    assertThat(Fnv1a32.hashUnsignedDecimal(v)).isEqualTo(Fnv1a32.hash(Integer.toUnsignedString(v)));
  }
}

package dev.abkit.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class EventNamePropertiesTest {

  @Property
  void isValidName_anyString_agreesWithThePublishedPattern(
      @ForAll @StringLength(max = 70) String name) {
    assertThat(Event.isValidName(name)).isEqualTo(Event.NAME.matcher(name).matches());
  }

  @Property
  void isValidName_namesFromTheAllowedAlphabet_agreeWithThePublishedPattern(
      @ForAll
          @StringLength(min = 1, max = 66)
          @CharRange(from = 'a', to = 'z')
          @CharRange(from = 'A', to = 'Z')
          @CharRange(from = '0', to = '9')
          @Chars({'_', '.', ':', '-', ' ', '/'})
          String name) {
    assertThat(Event.isValidName(name)).isEqualTo(Event.NAME.matcher(name).matches());
  }
}

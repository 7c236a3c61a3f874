package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasinNamesTest {

  private static final String VALID = "[a-z0-9][a-z0-9-]{6,46}[a-z0-9]";

  @ParameterizedTest
  @ValueSource(strings = {"createsABasin", "x", "", "___", "Über_Tëst 1",
      "aVeryLongTestMethodNameThatGoesOnAndOnWellPastTheBasinNameLimitOf48"})
  void namesAreValidBasinNamesWhateverTheHint(String hint) {
    BasinNames names = new BasinNames();

    assertThat(names.next(hint)).matches(VALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"same", "aVeryLongTestMethodNameThatGoesOnAndOnWellPastTheBasinNameLimitOf48"})
  void namesAreNeverHandedOutTwice(String hint) {
    BasinNames names = new BasinNames();
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(names.next(hint))).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"createsABasin"})
  void namesKeepTheHintReadable(String hint) {
    assertThat(new BasinNames().next(hint)).isEqualTo("createsabasin-1");
  }
}

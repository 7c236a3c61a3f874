package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JUnit Jupiter versions the extension accepts (ConsumerMatrixIT runs it on each). */
class JupiterTest {

  @ParameterizedTest
  @ValueSource(strings = {"5.10.0", "5.10.5", "5.11.4", "5.12.0-M1", "5.13.4", "5.14.4", "6.0.0-RC1", "6.1.3", "7.0.0"})
  void fiveTenAndLaterAreSupported(String version) {
    assertThat(Jupiter.unsupported(version)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.9.3", "5.8.2", "5.0.0", "4.13.2"})
  void olderOnesAreRefusedInOneLineThatSaysWhatToDo(String version) {
    assertThat(Jupiter.unsupported(version)).hasValueSatisfying(message -> assertThat(message)
        .doesNotContain("\n")
        .contains("needs JUnit Jupiter 5.10 or later", "junit-jupiter-api " + version, "junit-bom 5.10.0 or later"));
  }

  @Test
  void anUnknownVersionIsGivenTheBenefitOfTheDoubt() {
    assertThat(Jupiter.unsupported(null)).isEmpty();
    assertThat(Jupiter.unsupported("custom-build")).isEmpty();
  }

  @Test
  void theJUnitOfThisBuildHasTheNewerFeatures() {
    assertThat(Jupiter.HAS_RESOURCE_LOCKS_PROVIDER).isTrue();
    assertThat(Jupiter.HAS_TEST_INSTANTIATION_SCOPE).isTrue();
  }
}

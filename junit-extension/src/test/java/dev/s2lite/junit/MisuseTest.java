package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.Event;

/** Mistakes fail the class or test with a message that says what is wrong and what to do. */
class MisuseTest {

  @Test
  void aMissingInitFileIsNamed() {
    Kit.Run run = Kit.run(MissingInitFileCase.class);

    assertThat(failureMessages(run)).singleElement().asString()
        .contains("@S2Lite on " + MissingInitFileCase.class.getName())
        .contains("init file \"s2/no-such-file.json\" not found on the classpath");
    assertThat(run.started()).isZero();
  }

  @Test
  void anInvalidInitFileNamesTheFileAndTheField() {
    Kit.Run run = Kit.run(MisspeltFieldCase.class);

    assertThat(failureMessages(run)).singleElement().asString()
        .contains("classpath:s2/misspelt-field.json")
        .contains("unknown field `basins[0].streams[0].confg`");
    run.results().containerEvents().assertThatEvents()
        .haveExactly(1, finishedWithFailure(instanceOf(ExtensionConfigurationException.class)));
  }

  @Test
  void anInvalidBasinNameIsNamedWithTheReason() {
    Kit.Run run = Kit.run(InvalidBasinCase.class);

    assertThat(failureMessages(run)).singleElement().asString()
        .contains("basins: invalid basin name \"Orders-Basin\"")
        .contains("lowercase");
  }

  @Test
  void injectingWhereNoServerIsDeclaredSaysHowToDeclareOne() {
    Kit.Run run = Kit.run(NoServerCase.class);

    run.results().testEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
        message(m -> m.contains("no S2 server is declared for " + NoServerCase.class.getName() + ".test")
            && m.contains("annotate the test class with @S2Lite")
            && m.contains("@RegisterExtension static S2LiteExtension s2 = S2LiteExtension.builder().build();"))));
  }

  @Test
  void aNonStaticFieldRegistrationIsToldToBeStatic() {
    Kit.Run run = Kit.run(InstanceFieldCase.class);

    assertThat(failureMessages(run)).singleElement().asString().contains("in a static field");
  }

  @Test
  void injectingAPerMethodServerIntoBeforeAllExplainsWhy() {
    Kit.Run run = Kit.run(PerMethodIntoBeforeAllCase.class);

    run.results().containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
        instanceOf(ParameterResolutionException.class),
        message(m -> m.contains("Lifecycle.PER_METHOD") && m.contains("@BeforeEach"))));
  }

  @Test
  void declaringTwoServersOnOneClassIsRefused() {
    Kit.Run run = Kit.run(TwoDeclarationsCase.class);

    assertThat(failureMessages(run)).singleElement().asString()
        .contains("declares more than one S2 server (@S2Lite and field s2lite): keep one");
  }

  private static List<String> failureMessages(Kit.Run run) {
    return run.results().allEvents().failed().stream()
        .map(Event::getPayload)
        .flatMap(p -> p.stream())
        .map(p -> ((org.junit.platform.engine.TestExecutionResult) p).getThrowable().orElseThrow().getMessage())
        .toList();
  }

  @S2Lite(initFile = "s2/no-such-file.json")
  static class MissingInitFileCase {
    @Test
    void test() {}
  }

  @S2Lite(initFile = "s2/misspelt-field.json")
  static class MisspeltFieldCase {
    @Test
    void test() {}
  }

  @S2Lite(basins = "Orders-Basin")
  static class InvalidBasinCase {
    @Test
    void test() {}
  }

  static class NoServerCase {
    @Test
    @ExtendWith(S2LiteExtension.class)
    void test(S2LiteInfo s2) {}
  }

  static class InstanceFieldCase {
    @RegisterExtension
    S2LiteExtension s2lite = S2LiteExtension.builder().build();

    @Test
    void test(S2LiteInfo s2) {}
  }

  @S2Lite(lifecycle = Lifecycle.PER_METHOD)
  static class PerMethodIntoBeforeAllCase {
    @BeforeAll
    static void setUp(S2LiteInfo s2) {}

    @Test
    void test() {}
  }

  @S2Lite
  static class TwoDeclarationsCase {
    @RegisterExtension
    static S2LiteExtension s2lite = S2LiteExtension.builder().build();

    @Test
    void test() {}
  }
}

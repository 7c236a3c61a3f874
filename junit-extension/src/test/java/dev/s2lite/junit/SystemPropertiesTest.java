package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** systemProperties = true publishes the server as the SDKs' S2_* variables, then restores them. */
class SystemPropertiesTest {

  @Test
  void thePropertiesNameTheServerWhileTheClassRunsAndAreRestoredAfterwards() {
    System.setProperty("S2_ACCESS_TOKEN", "before");
    try {
      Kit.Run run = Kit.run(PublishingCase.class, PerMethodPublishingCase.class);

      run.results().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
      assertThat(System.getProperty("S2_ACCESS_TOKEN")).isEqualTo("before");
      assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isNull();
      assertThat(System.getProperty("S2_BASIN_ENDPOINT")).isNull();
    } finally {
      System.clearProperty("S2_ACCESS_TOKEN");
    }
  }

  @Test
  void theyAreOffByDefault() {
    Kit.Run run = Kit.run(NotPublishingCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void publishingClassesHoldJUnitsSystemPropertiesLock() {
    Kit.Run run = Kit.run(Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
        SlowPublishingCase.class, SlowPropertiesReaderCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(SlowPublishingCase.overlapped).as("ran beside a reader of system properties").isFalse();
  }

  @Test
  void underParallelExecutionARegisteredExtensionThatPublishesMustHoldTheLock() {
    Kit.Run run = Kit.run(Map.of("junit.jupiter.execution.parallel.enabled", "true"), UnlockedRegisteredPublishingCase.class);

    run.results().containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
        instanceOf(ExtensionConfigurationException.class),
        message(m -> m.contains("the S2LiteExtension field " + UnlockedRegisteredPublishingCase.class.getName() + ".s2")
            && m.contains("annotate the class with @ResourceLock(Resources.SYSTEM_PROPERTIES)"))));
    assertThat(run.started()).isZero();
  }

  @Test
  void aRegisteredExtensionWithTheLockPublishesUnderParallelExecution() {
    Kit.Run run = Kit.run(Map.of("junit.jupiter.execution.parallel.enabled", "true"),
        LockedRegisteredPublishingCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
  }

  @Test
  void theLockOfAnEnclosingClassCoversItsNestedClasses() {
    assertThat(S2LiteExtension.locksSystemProperties(LockedRegisteredPublishingCase.Inner.class)).isTrue();
    assertThat(S2LiteExtension.locksSystemProperties(UnlockedRegisteredPublishingCase.class)).isFalse();
  }

  private static final AtomicInteger propertyUsers = new AtomicInteger();

  private static boolean holdSystemProperties() throws InterruptedException {
    boolean overlapped = propertyUsers.incrementAndGet() > 1;
    Thread.sleep(300);
    overlapped |= propertyUsers.get() > 1;
    propertyUsers.decrementAndGet();
    return overlapped;
  }

  @S2Lite(systemProperties = true)
  static class SlowPublishingCase {
    static volatile boolean overlapped;

    @Test
    void usesThePropertiesForAWhile() throws InterruptedException {
      overlapped = holdSystemProperties();
    }
  }

  @ResourceLock(value = Resources.SYSTEM_PROPERTIES, mode = ResourceAccessMode.READ)
  static class SlowPropertiesReaderCase {
    @Test
    void readsThePropertiesForAWhile() throws InterruptedException {
      holdSystemProperties();
    }
  }

  @S2Lite(systemProperties = true)
  static class PublishingCase {
    @Test
    void theSdkVariablesNameThisServer(S2LiteInfo s2) {
      assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isEqualTo(s2.endpoint().toString());
      assertThat(System.getProperty("S2_BASIN_ENDPOINT")).isEqualTo(s2.endpoint().toString());
      assertThat(System.getProperty("S2_ACCESS_TOKEN")).isEqualTo(s2.accessToken());
    }

    @Nested
    class Nested1 {
      @Test
      void nestedClassesSeeThemToo(S2LiteInfo s2) {
        assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isEqualTo(s2.endpoint().toString());
      }
    }
  }

  @S2Lite(systemProperties = true, lifecycle = Lifecycle.PER_METHOD)
  static class PerMethodPublishingCase {
    @Test
    void theyNameThisTestsServer(S2LiteInfo s2) {
      assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isEqualTo(s2.endpoint().toString());
    }
  }

  static class UnlockedRegisteredPublishingCase {
    @RegisterExtension
    static S2LiteExtension s2 = S2LiteExtension.builder().systemProperties(true).build();

    @Test
    void neverRuns() {}
  }

  @ResourceLock(Resources.SYSTEM_PROPERTIES)
  static class LockedRegisteredPublishingCase {
    @RegisterExtension
    static S2LiteExtension s2 = S2LiteExtension.builder().systemProperties(true).build();

    @Test
    void seesTheProperties(S2LiteInfo s2) {
      assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isEqualTo(s2.endpoint().toString());
    }

    @Nested
    class Inner {
      @Test
      void seesThemToo(S2LiteInfo s2) {
        assertThat(System.getProperty("S2_BASIN_ENDPOINT")).isEqualTo(s2.endpoint().toString());
      }
    }
  }

  @S2Lite
  static class NotPublishingCase {
    @Test
    void nothingIsPublished() {
      assertThat(System.getProperty("S2_ACCOUNT_ENDPOINT")).isNull();
    }
  }
}

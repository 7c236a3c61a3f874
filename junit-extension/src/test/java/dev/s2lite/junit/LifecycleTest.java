package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How many servers each class layout starts, and that every one has stopped when the run ends. */
class LifecycleTest {

  @Test
  void classScopeStartsOneServerForTheClassAndItsNestedClasses() {
    Kit.Run run = Kit.run(ClassScopeCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
    assertThat(run.started()).isEqualTo(1);
    assertThat(run.stopped()).isEqualTo(1);
  }

  @Test
  void methodScopeStartsOneServerPerTest() {
    Kit.Run run = Kit.run(MethodScopeCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    assertThat(run.started()).isEqualTo(3);
    assertThat(run.stopped()).isEqualTo(3);
  }

  @Test
  void globalScopeStartsOneServerPerDistinctOptionsForTheWholeRun() {
    Kit.Run run = Kit.run(GlobalCaseA.class, GlobalCaseB.class, GlobalWithOtherBasinsCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    assertThat(run.started()).isEqualTo(2);
    assertThat(run.stopped()).isEqualTo(2);
  }

  @Test
  void aNestedClassWithItsOwnAnnotationGetsItsOwnServer() {
    Kit.Run run = Kit.run(NestedWithOwnServerCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(run.started()).isEqualTo(2);
    assertThat(run.stopped()).isEqualTo(2);
  }

  @Test
  void eachSubclassOfAnAnnotatedBaseClassGetsItsOwnServer() {
    Kit.Run run = Kit.run(SubclassOneCase.class, SubclassTwoCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(run.started()).isEqualTo(2);
  }

  @Test
  void aStaticFieldRegistrationStartsOneServerSharedWithNestedClasses() {
    Kit.Run run = Kit.run(ProgrammaticCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(run.started()).isEqualTo(1);
    assertThat(run.stopped()).isEqualTo(1);
  }

  @Test
  void aPerClassTestInstanceGetsTheClassServerInItsConstructor() {
    Kit.Run run = Kit.run(PerClassInstanceCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(run.started()).isEqualTo(1);
    assertThat(run.stopped()).isEqualTo(1);
  }

  @Test
  void everyServerOfTheRunStoppedListeningWhenTheRunEnded() {
    Kit.Run run = Kit.run(ClassScopeCase.class, MethodScopeCase.class, GlobalCaseA.class,
        NestedWithOwnServerCase.class, ProgrammaticCase.class);

    assertThat(run.started()).isEqualTo(1 + 3 + 1 + 2 + 1);
    assertThat(run.stopped()).isEqualTo(run.started());
    run.events().stream()
        .filter(e -> e.kind() == ServerEvents.Kind.STARTED)
        .forEach(e -> assertThatThrownBy(() -> connect(e.endpoint())).isInstanceOf(ConnectException.class));
  }

  private static void connect(URI endpoint) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2000);
    }
  }

  @S2Lite
  static class ClassScopeCase {
    @Test
    void one(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "class-basin-1")).isEqualTo(201);
    }

    @Test
    void two(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "class-basin-2")).isEqualTo(201);
    }

    @Test
    void three(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "class-basin-3")).isEqualTo(201);
    }

    @Nested
    class Shared {
      @Test
      void four(S2LiteInfo s2) {
        assertThat(S2Http.createBasin(s2.endpoint(), "class-basin-4")).isEqualTo(201);
      }
    }
  }

  @S2Lite(basins = "instance-basin")
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstanceCase {
    private final URI fromConstructor;

    PerClassInstanceCase(S2LiteInfo s2) {
      this.fromConstructor = s2.endpoint();
    }

    @Test
    void one(S2LiteInfo s2) {
      assertThat(s2.endpoint()).isEqualTo(fromConstructor);
      assertThat(S2Http.listBasins(fromConstructor, "")).containsExactly("instance-basin");
    }

    @Test
    void two(S2LiteInfo s2) {
      assertThat(s2.endpoint()).isEqualTo(fromConstructor);
    }
  }

  @S2Lite(lifecycle = Lifecycle.PER_METHOD)
  static class MethodScopeCase {
    @Test
    void one(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "same-basin")).isEqualTo(201);
    }

    @Test
    void two(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "same-basin")).isEqualTo(201);
    }

    @Test
    void three(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "same-basin")).isEqualTo(201);
    }
  }

  @S2Lite(lifecycle = Lifecycle.GLOBAL)
  static class GlobalCaseA {
    @Test
    void createsItsBasin(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "global-basin-a")).isEqualTo(201);
    }
  }

  @S2Lite(lifecycle = Lifecycle.GLOBAL)
  static class GlobalCaseB {
    @Test
    void createsItsBasin(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "global-basin-b")).isEqualTo(201);
    }
  }

  @S2Lite(lifecycle = Lifecycle.GLOBAL, basins = "other-basin")
  static class GlobalWithOtherBasinsCase {
    @Test
    void seesOnlyItsOwnOptions(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "global-")).isEmpty();
    }
  }

  @S2Lite(basins = "outer-basin")
  static class NestedWithOwnServerCase {
    @Test
    void outer(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("outer-basin");
    }

    @Nested
    @S2Lite
    class Own {
      @Test
      void inner(S2LiteInfo s2) {
        assertThat(S2Http.listBasins(s2.endpoint(), "")).isEmpty();
      }
    }
  }

  @S2Lite
  abstract static class AnnotatedBase {
    @Test
    void createsABasin(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "inherited-basin")).isEqualTo(201);
    }
  }

  static class SubclassOneCase extends AnnotatedBase {}

  static class SubclassTwoCase extends AnnotatedBase {}

  static class ProgrammaticCase {
    @RegisterExtension
    static S2LiteExtension s2lite = S2LiteExtension.builder().basins("field-basin").build();

    @Test
    void outer(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "")).contains("field-basin");
    }

    @Nested
    class Inner {
      @Test
      void inner(S2LiteInfo s2) {
        assertThat(S2Http.listBasins(s2.endpoint(), "")).contains("field-basin");
      }
    }
  }
}

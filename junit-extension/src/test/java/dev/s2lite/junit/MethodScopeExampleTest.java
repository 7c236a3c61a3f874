package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/** A fresh server per test: what one test creates, the next never sees. */
@S2Lite(lifecycle = Lifecycle.PER_METHOD)
class MethodScopeExampleTest {

  private static final int REPETITIONS = 3;
  private static final Set<URI> SERVERS = ConcurrentHashMap.newKeySet();

  private final URI fromConstructor;

  MethodScopeExampleTest(S2LiteInfo s2) {
    this.fromConstructor = s2.endpoint();
  }

  @BeforeEach
  void createTheSameBasinEveryTime(S2LiteInfo s2) {
    assertThat(S2Http.createBasin(s2.endpoint(), "fresh-basin")).isEqualTo(201);
  }

  @RepeatedTest(REPETITIONS)
  void eachTestStartsFromAnEmptyServer(S2LiteInfo s2) {
    assertThat(s2.endpoint()).isEqualTo(fromConstructor);
    assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("fresh-basin");
    SERVERS.add(s2.endpoint());
  }

  @AfterAll
  static void everyTestHadItsOwnServer() {
    assertThat(SERVERS).hasSize(REPETITIONS);
  }
}

package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @S2Lite(localRoot = ...)}: a server started on the same directory finds what an earlier one stored. */
class LocalRootTest {

  static final String DIR = "target/s2lite-local-root-test";

  @Test
  void aServerRestartedOnTheSameLocalRootFindsTheDataOfTheOneBefore() throws IOException {
    deleteRecursively(Path.of(DIR));

    Kit.Run run = Kit.run(RestartCase.class);

    run.results().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(run.started()).as("one server per test, on the same directory").isEqualTo(2);
    assertThat(Path.of(DIR, "s2lite.mv.db")).exists();
  }

  @S2Lite(lifecycle = Lifecycle.PER_METHOD, localRoot = DIR)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class RestartCase {

    @Test
    @Order(1)
    void createsABasin(S2LiteInfo s2) {
      assertThat(S2Http.createBasin(s2.endpoint(), "kept-basin-1")).isEqualTo(201);
    }

    @Test
    @Order(2)
    void findsItOnANewServer(S2LiteInfo s2) {
      assertThat(S2Http.listBasins(s2.endpoint(), "kept-")).containsExactly("kept-basin-1");
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

package dev.s2lite.junit.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's complete JUnit example is the one ConsumerMatrixIT compiles and runs in every consumer. */
class ReadmeExampleTest {

  @Test
  void theReadmeShowsTheConsumersOrdersStreamTestVerbatim() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    String example = Files.readString(
        Path.of("src/it/consumer/src/test/java/com/example/orders/OrdersStreamTest.java"), StandardCharsets.UTF_8);

    assertThat(readme).contains("```java\n" + example + "```");
  }
}

package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap holds a bounded cache, not the data: a process with a 64 MiB heap writes 256 MiB to
 * an S3 store and reads all of it back (the test S3 server keeps the objects in files, in this
 * JVM).
 */
class S3StoreBoundedMemoryTest {

  private static final int HEAP_MIB = 64;
  private static final int DATA_MIB = 256;

  @Test
  void aSmallHeapWritesAndReadsBackFourTimesItsSize(@TempDir Path objects) throws IOException, InterruptedException {
    try (AtomicS3Server server = new AtomicS3Server(objects, true)) {
      server.createBucket(TestStores.BUCKET);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), BoundedMemoryWorker.class.getName(),
          server.endpoint().toString(), TestStores.BUCKET, TestStores.uniquePath(), String.valueOf(DATA_MIB))
          .redirectErrorStream(true)
          .start();
      byte[] output;
      try {
        output = child.getInputStream().readAllBytes();
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("the child finished").isTrue();
      } finally {
        child.destroyForcibly();
      }
      String text = new String(output, StandardCharsets.UTF_8);
      List<String> tail = text.lines().toList();
      assertThat(child.exitValue()).as("exit code; output ends with:%n%s",
          String.join("\n", tail.subList(Math.max(0, tail.size() - 30), tail.size()))).isZero();
      assertThat(text).contains("verified " + (DATA_MIB * 1024) + " records; heap max");
    }
  }
}

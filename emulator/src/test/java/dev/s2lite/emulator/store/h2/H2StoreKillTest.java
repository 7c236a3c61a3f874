package dev.s2lite.emulator.store.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.store.ReadBounds;
import dev.s2lite.emulator.store.RecordsState;
import dev.s2lite.emulator.store.StoredRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 store as a real process that appends on several streams while records are trimmed and
 * streams removed (so the space of old chunks is reused and compacted while it runs), killed
 * with {@code kill -9} at a random moment, again and again on the same file: after each restart
 * every acknowledged record is there, byte for byte, dense up to the tail.
 *
 * <p>The seed is printed; {@code -Dh2kill.seed=N} replays a run's random choices.
 */
class H2StoreKillTest {

  static final int RUNS = 12;
  static final int STREAMS = 3;
  /** Records the trimmer leaves behind each stream's durable tail. */
  static final long KEEP = 3_000;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedRecordSurvivesKill9WhileTrimmedSpaceIsReused() throws Exception {
    long seed = Long.getLong("h2kill.seed", System.nanoTime());
    System.out.println("H2 kill -9 loop: seed " + seed);
    Random random = new Random(seed);
    Path store = dir.resolve("store");
    Map<String, Long> acked = new HashMap<>();
    for (int run = 0; run <= RUNS; run++) {
      boolean last = run == RUNS;
      Path out = dir.resolve("run-" + run + ".out");
      Process p = child(store, out, acked, last);
      if (last) {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the verifying run ends").isTrue();
      } else {
        awaitLine(p, out, "started");
        Thread.sleep(300 + random.nextInt(1200));
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      String context = "run " + run + " (seed " + seed + "): " + tail(lines);
      assertThat(lines).as(context).contains("verified");
      assertThat(lines).as(context).noneMatch(l -> l.startsWith("FAIL"));
      for (String line : lines) {
        // The kill may cut the last line short: a cut number is smaller, never larger.
        if (line.matches("acked s\\d+ \\d+")) {
          String[] f = line.split(" ");
          acked.merge(f[1], Long.parseLong(f[2]), Math::max);
        }
      }
      System.out.println("H2 kill -9 loop, run " + run + ": acked " + acked + ", file "
          + (Files.size(store.resolve(H2Store.FILE_NAME)) >> 10) + " KiB");
    }
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static Process child(Path store, Path out, Map<String, Long> acked, boolean verifyOnly) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
        Child.class.getName(), store.toString(), Boolean.toString(verifyOnly)));
    acked.forEach((stream, tail) -> command.add(stream + "=" + tail));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
  }

  private static void awaitLine(Process p, Path out, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      if (lines.contains(line)) {
        return;
      }
      assertThat(p.isAlive()).as("the child runs: " + String.join("\n", lines)).isTrue();
      Thread.sleep(20);
    }
    throw new AssertionError("the child did not start: " + Files.readString(out));
  }

  /** The record at {@code seq} of {@code stream}: its size and bytes follow from both. */
  static byte[] payload(String stream, long seq) {
    Random r = new Random(stream.hashCode() * 1_000_003L + seq);
    byte[] b = new byte[64 + r.nextInt(3000)];
    r.nextBytes(b);
    return b;
  }

  /** The process that is killed: verifies what the last one acknowledged, then writes until killed. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
      // No retention: the space of dead chunks is written over as soon as H2 allows.
      H2Store store = H2Store.open(Path.of(args[0]), Duration.ofMillis(2), 16 << 20, 0);
      boolean verifyOnly = Boolean.parseBoolean(args[1]);
      for (int i = 2; i < args.length; i++) {
        String[] kv = args[i].split("=");
        String problem = verify(store, kv[0], Long.parseLong(kv[1]));
        if (problem != null) {
          out.println("FAIL " + problem);
          System.exit(1);
        }
      }
      out.println("verified");
      out.println("file " + store.fileSize());
      if (verifyOnly) {
        store.close();
        return;
      }
      // A stream that is filled and removed again and again; one the last run left behind goes first.
      store.removeStream("b", "removed");
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < STREAMS; s++) {
        String stream = "s" + s;
        threads.add(new Thread(() -> write(store, stream, out)));
      }
      threads.add(new Thread(() -> {
        while (true) {
          long seq = 0;
          for (int b = 0; b < 20; b++) {
            seq = append(store, "removed", seq, 20);
          }
          store.removeStream("b", "removed");
        }
      }));
      threads.add(new Thread(() -> {
        while (true) {
          for (int s = 0; s < STREAMS; s++) {
            String stream = "s" + s;
            long tail = store.recordsState("b", stream).nextSeqNum();
            if (tail > KEEP) {
              store.deleteRecords("b", stream, tail - KEEP, 0);
            }
          }
          sleep(20);
        }
      }));
      threads.forEach(t -> {
        t.setDaemon(true);
        t.start();
      });
      out.println("started");
      threads.get(0).join();
    }

    private static void write(H2Store store, String stream, PrintStream out) {
      long seq = store.recordsState("b", stream).nextSeqNum();
      Random r = new Random(seq);
      while (true) {
        seq = append(store, stream, seq, 1 + r.nextInt(40));
        out.println("acked " + stream + " " + seq);
      }
    }

    private static long append(H2Store store, String stream, long from, int count) {
      List<StoredRecord> records = new ArrayList<>();
      long seq = from;
      for (int i = 0; i < count; i++, seq++) {
        byte[] payload = payload(stream, seq);
        records.add(new StoredRecord(seq, seq, Long.MAX_VALUE, payload.length + 8, payload));
      }
      store.appendRecords("b", stream, records, new RecordsState(seq, seq - 1, "", 0)).join();
      return seq;
    }

    private static String verify(H2Store store, String stream, long acked) {
      long tail = store.recordsState("b", stream).nextSeqNum();
      if (tail < acked) {
        return stream + ": tail " + tail + " < acknowledged " + acked;
      }
      long first = Math.max(0, store.seqNumAtOrAfter("b", stream, 0));
      if (first > Math.max(0, acked - KEEP / 2)) {
        return stream + ": first record " + first + ", acknowledged up to " + acked;
      }
      for (long seq = first; seq < tail; ) {
        List<StoredRecord> got = store.readRecords("b", stream, seq, new ReadBounds(1000, Long.MAX_VALUE, -1L), 0);
        if (got.isEmpty()) {
          return stream + ": nothing at " + seq + ", tail " + tail;
        }
        for (StoredRecord r : got) {
          if (r.seqNum() != seq || !Arrays.equals(r.payload(), payload(stream, seq))) {
            return stream + ": record " + seq + " differs (read " + r.seqNum() + ")";
          }
          seq++;
        }
      }
      return null;
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.s2lite.emulator.testing.ServerProcess;
import dev.s2lite.emulator.testing.StoreKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash harness: the server as a real process on a durable store, pipelined appends on
 * several streams (S2S sessions over HTTP/1.1 and h2c, and unary appends), {@code kill -9} at a
 * random moment, a restart on the same data, and then: every acknowledged record is there,
 * exactly once, in order, byte for byte, without gaps; records that were not acknowledged may be
 * there only as an exact prefix of what was sent, whole batches. Each restart also starts the
 * next run, so the store recovers again and again; the last restart checks every run once more.
 *
 * <p>The seed is printed; {@code -Dcrash.seed=N} replays a run's random choices. Runs per store:
 * 20 on H2, 6 on S3, whose runs cost more (a JVM start, a store open and a recovery from the
 * bucket each; the build keeps the S3 tests to a few minutes); {@code -Dcrash.runs=N} sets both.
 */
class CrashRecoveryTest {

  private static final int H2_RUNS = 20;
  private static final int S3_RUNS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-Xmx256m");

  @TempDir
  Path logs;

  static java.util.stream.Stream<Arguments> durableKinds() {
    return StoreKind.durableKinds().map(kind -> Arguments.of(kind,
        Integer.getInteger("crash.runs", kind == StoreKind.S3 ? S3_RUNS : H2_RUNS)));
  }

  @ParameterizedTest(name = "{0}: {1} kill -9 runs")
  @MethodSource("durableKinds")
  void everyAcknowledgedRecordSurvivesKill9AndNothingElseButAPrefixOfWhatWasSent(StoreKind kind, int runCount) {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("crash harness on " + kind + ": seed " + seed);
    Random random = new Random(seed);
    StoreKind.Location location = kind.newLocation();
    List<List<Writer>> runs = new ArrayList<>();
    ServerProcess server = ServerProcess.start(logs, JVM, location.flags(), location.environment());
    try {
      for (int run = 0; run < runCount; run++) {
        List<Writer> writers = workload(server.endpoint(), "crash-run-" + run, random);
        // A freshly started JVM may take a while to acknowledge anything: kill it once some records
        // are acknowledged, so that every run has acknowledged records to check.
        awaitAnAck(writers);
        sleep(random.nextInt(900));
        server.kill();
        writers.forEach(Writer::stop);
        runs.add(writers);
        server = ServerProcess.start(logs, JVM, location.flags(), location.environment());
        verify(server.endpoint(), writers, "run " + run + " (seed " + seed + ")");
        System.out.println("crash harness on " + kind + ", run " + run + ": " + summary(writers));
      }
      for (int run = 0; run < runCount; run++) {
        verify(server.endpoint(), runs.get(run), "run " + run + " after every later run (seed " + seed + ")");
      }
      assertThat(runs.stream().flatMap(List::stream).mapToLong(Writer::acked).sum())
          .as("records acknowledged before the kills, to find after them").isPositive();
    } finally {
      server.close();
    }
  }

  /** Starts the writers of one run on a new basin: two S2S sessions and two unary appenders. */
  private static List<Writer> workload(URI endpoint, String basin, Random random) {
    ObjectNode body = JSON.createObjectNode().put("basin", basin);
    body.putObject("config").put("create_stream_on_append", true);
    HttpResponse<String> created = send(HttpRequest.newBuilder(endpoint.resolve("/v1/basins"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    List<Writer> writers = List.of(
        new SessionWriter(endpoint, basin, "session-http1", S2sClient.Transport.HTTP1, random.nextLong()),
        new SessionWriter(endpoint, basin, "session-h2c", S2sClient.Transport.H2C, random.nextLong()),
        new UnaryWriter(endpoint, basin, "unary-1", random.nextLong()),
        new UnaryWriter(endpoint, basin, "unary-2", random.nextLong()));
    writers.forEach(Writer::start);
    return writers;
  }

  /** Reads each stream back whole and checks it against what its writer sent and had acknowledged. */
  private static void verify(URI endpoint, List<Writer> writers, String what) {
    for (Writer w : writers) {
      List<byte[]> sent = w.sentRecords();
      long acked = w.acked();
      List<byte[]> stored = readAll(endpoint, w.basin, w.stream);
      String context = what + ", stream " + w.stream + ": " + sent.size() + " records sent, " + acked + " acked"
          + " (the server lists " + send(HttpRequest.newBuilder(endpoint.resolve("/v1/streams")).header("s2-basin", w.basin)
          .GET()).body() + ")";
      assertThat(w.problems()).as(context + ": answers while it ran").isEmpty();
      assertThat((long) stored.size()).as(context + ": every acknowledged record is there").isGreaterThanOrEqualTo(acked);
      assertThat(stored.size()).as(context + ": nothing but what was sent").isLessThanOrEqualTo(sent.size());
      for (int i = 0; i < stored.size(); i++) {
        assertThat(stored.get(i)).as(context + ": record " + i + " byte for byte").isEqualTo(sent.get(i));
      }
      assertThat(w.batchEnds()).as(context + ": whole batches only").contains(stored.size());
    }
  }

  private static String summary(List<Writer> writers) {
    long sent = 0;
    long acked = 0;
    for (Writer w : writers) {
      sent += w.sentRecords().size();
      acked += w.acked();
    }
    return acked + " of " + sent + " records acknowledged before kill -9, all found after the restart";
  }

  private static List<byte[]> readAll(URI endpoint, String basin, String stream) {
    List<byte[]> out = new ArrayList<>();
    while (true) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(
          endpoint.resolve("/v1/streams/" + stream + "/records?seq_num=" + out.size() + "&count=1000&clamp=true"))
          .header("s2-basin", basin).header("s2-format", "base64").GET());
      if (r.statusCode() == 404 && out.isEmpty()) {
        // The stream was never made durable (its first append was not acknowledged).
        return out;
      }
      if (r.statusCode() == 416) {
        return out;
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode records = json(r.body()).path("records");
      if (records.isEmpty()) {
        return out;
      }
      for (JsonNode rec : records) {
        assertThat(rec.path("seq_num").asLong()).as("seq_num of " + stream + " record").isEqualTo(out.size());
        out.add(Base64.getDecoder().decode(rec.path("body").asText()));
      }
    }
  }

  /** The record a writer sends as its {@code index}-th: sizes and bytes vary, derived from the seed. */
  static byte[] record(long seed, int index) {
    Random r = new Random(seed * 31 + index);
    byte[] bytes = new byte[1 + r.nextInt(r.nextInt(8) == 0 ? 20_000 : 1_500)];
    r.nextBytes(bytes);
    return bytes;
  }

  /** Appends batches to one stream until stopped, recording what it sent and what was acknowledged. */
  abstract static class Writer {
    final String basin;
    final String stream;
    final long seed;
    private final List<byte[]> sent = new ArrayList<>();
    private final Set<Integer> batchEnds = new TreeSet<>(Set.of(0));
    private long acked;
    private final List<String> problems = new ArrayList<>();
    final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    Writer(String basin, String stream, long seed) {
      this.basin = basin;
      this.stream = stream;
      this.seed = seed;
      this.thread = new Thread(this::runQuietly, "crash-writer-" + stream);
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void runQuietly() {
      try {
        run();
      } catch (RuntimeException | AssertionError e) {
        // The server was killed: the writer's part ends here; what was acked is recorded.
      }
    }

    abstract void run();

    /** The next batch (1 to 40 records), recorded as sent before it goes out. */
    synchronized List<byte[]> nextBatch(Random random) {
      int size = 1 + random.nextInt(40);
      List<byte[]> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(record(seed, sent.size()));
        sent.add(batch.get(i));
      }
      batchEnds.add(sent.size());
      return batch;
    }

    synchronized void acked(long endSeqNum) {
      if (endSeqNum <= acked || endSeqNum > sent.size()) {
        problem("ack up to " + endSeqNum + " after one up to " + acked + ", with " + sent.size() + " sent");
      }
      acked = Math.max(acked, endSeqNum);
    }

    /** Something the server answered that it never should, even when killed (which only drops connections). */
    synchronized void problem(String what) {
      problems.add(what);
    }

    synchronized List<String> problems() {
      return List.copyOf(problems);
    }

    synchronized long acked() {
      return acked;
    }

    synchronized List<byte[]> sentRecords() {
      return List.copyOf(sent);
    }

    synchronized Set<Integer> batchEnds() {
      return Set.copyOf(batchEnds);
    }

    void stop() {
      stopped.set(true);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(thread.isAlive()).as("writer of " + stream + " stopped").isFalse();
    }
  }

  /** An S2S append session with up to 8 inputs in flight. */
  static final class SessionWriter extends Writer {
    private final URI endpoint;
    private final S2sClient.Transport transport;

    SessionWriter(URI endpoint, String basin, String stream, S2sClient.Transport transport, long seed) {
      super(basin, stream, seed);
      this.endpoint = endpoint;
      this.transport = transport;
    }

    @Override
    void run() {
      Random random = new Random(seed);
      Semaphore window = new Semaphore(8);
      try (S2sClient session = S2sClient.append(transport, endpoint, basin, stream, Map.of())) {
        if (session.status != 200) {
          problem("the session was answered " + session.status);
          return;
        }
        Thread acks = new Thread(() -> {
          try {
            for (S2sFrame f = session.next(Duration.ofSeconds(30)); f != null; f = session.next(Duration.ofSeconds(30))) {
              if (!(f instanceof S2sFrame.Message m)) {
                problem("the session ended with " + f);
                break;
              }
              acked(TestProto.ack(m.payload()).end().seqNum());
              window.release();
            }
          } catch (RuntimeException | AssertionError e) {
            // The session ended with the server.
          } finally {
            stopped.set(true);
            window.release(1000);
          }
        }, "crash-acks-" + stream);
        acks.setDaemon(true);
        acks.start();
        while (!stopped.get()) {
          window.acquireUninterruptibly();
          if (stopped.get()) {
            break;
          }
          session.send(TestProto.frame(TestProto.appendInputBytes(nextBatch(random), null, null)));
        }
        acks.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Unary appends, one after another, in the base64 JSON format. */
  static final class UnaryWriter extends Writer {
    private final URI endpoint;

    UnaryWriter(URI endpoint, String basin, String stream, long seed) {
      super(basin, stream, seed);
      this.endpoint = endpoint;
    }

    @Override
    void run() {
      Random random = new Random(seed);
      while (!stopped.get()) {
        ObjectNode body = JSON.createObjectNode();
        for (byte[] record : nextBatch(random)) {
          body.withArray("records").addObject().put("body", Base64.getEncoder().encodeToString(record));
        }
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/v1/streams/" + stream + "/records"))
            .header("s2-basin", basin).header("s2-format", "base64").header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (r.statusCode() != 200) {
          problem("an append was answered " + r.statusCode() + " " + r.body());
          return;
        }
        acked(json(r.body()).path("end").path("seq_num").asLong());
      }
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (at most 30 s) until some writer has a record acknowledged. */
  private static void awaitAnAck(List<Writer> writers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (writers.stream().allMatch(w -> w.acked() == 0) && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

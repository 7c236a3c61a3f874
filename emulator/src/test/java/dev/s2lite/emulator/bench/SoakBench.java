package dev.s2lite.emulator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: many live followers and steady appends for a long while against the jar, checking that no
 * follower misses a record and that the server's heap stays bounded. Run by hand after
 * {@code mvn -q -DskipTests package}:
 * <pre>
 * mvn -q -pl emulator test-compile
 * java -cp emulator/target/test-classes dev.s2lite.emulator.bench.SoakBench \
 *   [FOLLOWERS=1000] [MINUTES=10] [APPENDS_PER_SECOND=10] [RECORDS_PER_APPEND=2] [JAR] [SERVER_XMX=256m]
 * </pre>
 * It starts the jar with {@code -XmxSERVER_XMX}, opens FOLLOWERS SSE reads from seq_num 0 (one
 * HTTP/1.1 connection each), appends at a steady rate, and every 30 s prints the records
 * appended, the slowest and fastest follower, the server's RSS and heap. A follower misses a
 * record when the seq_num in an event id advances by more than the records counted with it. At the
 * end it waits for every follower to reach the tail and exits 1 if any did not, or missed a record.
 */
public final class SoakBench {

  public static void main(String[] args) throws Exception {
    int followers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int appendsPerSecond = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int recordsPerAppend = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    String jar = args.length > 4 ? args[4] : "emulator/target/s2lite.jar";
    String xmx = args.length > 5 ? args[5] : "256m";

    Process server = new ProcessBuilder("java", "-Xmx" + xmx, "-jar", jar, "--host", "127.0.0.1", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String endpoint = endpointOf(server);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      call(http, "POST", endpoint + "/v1/basins", null, "{\"basin\":\"soak-basin\"}");
      call(http, "POST", endpoint + "/v1/streams", "soak-basin", "{\"stream\":\"soak\"}");

      List<Follower> all = new ArrayList<>();
      for (int i = 0; i < followers; i++) {
        Follower f = new Follower();
        http.sendAsync(HttpRequest.newBuilder(URI.create(endpoint + "/v1/streams/soak/records?seq_num=0"))
            .header("s2-basin", "soak-basin").header("accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.fromLineSubscriber(f));
        all.add(f);
      }
      System.out.printf("%d followers, %d appends/s of %d records, %d min, server -Xmx%s%n",
          followers, appendsPerSecond, recordsPerAppend, minutes, xmx);

      StringBuilder batch = new StringBuilder("{\"records\":[");
      for (int i = 0; i < recordsPerAppend; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"body\":\"soak-").append("x".repeat(100)).append("\"}");
      }
      String body = batch.append("]}").toString();
      long appended = 0;
      long start = System.nanoTime();
      long end = start + TimeUnit.MINUTES.toNanos(minutes);
      long nextReport = start;
      long interval = 1_000_000_000L / appendsPerSecond;
      for (long next = start; System.nanoTime() < end; next += interval) {
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
        HttpResponse<String> ack = call(http, "POST", endpoint + "/v1/streams/soak/records", "soak-basin", body);
        if (ack.statusCode() != 200) {
          throw new IllegalStateException("append failed: " + ack.statusCode() + " " + ack.body());
        }
        appended += recordsPerAppend;
        if (System.nanoTime() >= nextReport) {
          report(start, appended, all, server.pid());
          nextReport += TimeUnit.SECONDS.toNanos(30);
        }
      }
      long total = appended;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && !all.stream().allMatch(f -> f.count.get() == total)) {
        Thread.sleep(500);
      }
      report(start, appended, all, server.pid());
      long complete = all.stream().filter(f -> f.count.get() == total && f.lastSeq.get() == total - 1).count();
      long gaps = all.stream().mapToLong(f -> f.gaps.get()).sum();
      long ended = all.stream().filter(f -> f.ended).count();
      System.out.printf("RESULT: %d records appended; %d of %d followers received all of them; %d gaps; %d streams ended early%n",
          total, complete, followers, gaps, ended);
      if (complete != followers || gaps != 0) {
        System.exit(1);
      }
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** One SSE read: counts the records in each batch event's id and checks the seq_nums add up. */
  private static final class Follower implements Flow.Subscriber<String> {
    final AtomicLong count = new AtomicLong();
    final AtomicLong lastSeq = new AtomicLong(-1);
    final AtomicLong gaps = new AtomicLong();
    volatile boolean ended;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!line.startsWith("id: ")) {
        return;
      }
      String[] id = line.substring(4).split(",");
      long seq = Long.parseLong(id[0]);
      long delivered = Long.parseLong(id[1]);
      // The seq_num moves exactly as far as the records delivered: anything else is a gap.
      if (seq - lastSeq.get() != delivered - count.get()) {
        gaps.incrementAndGet();
      }
      lastSeq.set(seq);
      count.set(delivered);
    }

    @Override
    public void onError(Throwable throwable) {
      ended = true;
    }

    @Override
    public void onComplete() {
      ended = true;
    }
  }

  private static void report(long start, long appended, List<Follower> all, long pid) {
    long min = all.stream().mapToLong(f -> f.count.get()).min().orElse(0);
    long max = all.stream().mapToLong(f -> f.count.get()).max().orElse(0);
    System.out.printf("%5.0f s: %d appended; followers %d..%d; server RSS %d MiB, heap %s%n",
        (System.nanoTime() - start) / 1e9, appended, min, max, rssMib(pid), heap(pid));
  }

  private static long rssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** The heap line of {@code jcmd PID GC.heap_info}: total and used. */
  private static String heap(long pid) {
    try {
      Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(10, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.contains("total") && l.contains("used")).findFirst().orElse("?").trim();
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static String endpointOf(Process server) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("export S2_ACCOUNT_ENDPOINT=")) {
        return line.substring("export S2_ACCOUNT_ENDPOINT=".length());
      }
    }
    throw new IllegalStateException("the server did not start");
  }

  private static HttpResponse<String> call(HttpClient http, String method, String url, String basin, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    if (basin != null) {
      b.header("s2-basin", basin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

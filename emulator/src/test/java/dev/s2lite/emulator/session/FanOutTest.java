package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live fan-out: a thousand S2S read sessions follow one stream and each receives every record,
 * in order. Followers wait on the engine's tail signal; none holds a thread while idle.
 */
@Timeout(180)
class FanOutTest {

  private static final int FOLLOWERS = Integer.getInteger("fanout.followers", 1000);
  private static final int RECORDS = 100;

  /** Decodes one session's frames as they arrive and checks the order of what it receives. */
  static final class Follower implements Flow.Subscriber<List<ByteBuffer>> {
    final CountDownLatch following;
    final CountDownLatch complete;
    private final S2sFrameDecoder decoder = new S2sFrameDecoder();
    private Flow.Subscription subscription;
    volatile long next;
    volatile String problem;
    private boolean sawHeartbeat;

    Follower(CountDownLatch following, CountDownLatch complete) {
      this.following = following;
      this.complete = complete;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      try {
        for (ByteBuffer b : buffers) {
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          decoder.feed(bytes, 0, bytes.length);
        }
        for (S2sFrame f = decoder.next(); f != null; f = decoder.next()) {
          if (!(f instanceof S2sFrame.Message m)) {
            problem = "terminal frame";
            continue;
          }
          TestProto.Batch batch = TestProto.batch(m.payload());
          if (batch.isHeartbeat() && !sawHeartbeat) {
            sawHeartbeat = true;
            following.countDown();
          }
          for (TestProto.Rec r : batch.records()) {
            if (r.seqNum() != next || !r.text().equals("m" + next)) {
              problem = "expected m" + next + " at " + next + " but got " + r.text() + " at " + r.seqNum();
            }
            next++;
            if (next == RECORDS) {
              complete.countDown();
            }
          }
        }
      } catch (S2sFrameException e) {
        problem = e.getMessage();
      }
    }

    @Override
    public void onError(Throwable t) {
      problem = problem == null ? String.valueOf(t) : problem;
    }

    @Override
    public void onComplete() {}

    void cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }

  @Test
  void aThousandFollowersEachReceiveEveryRecordInOrder() throws Exception {
    try (S2LiteServer server = S2LiteServer.builder().build().start()) {
      Api api = new Api(server.endpoint());
      api.createBasin("fan-out-basin", false);
      api.createStream("fan-out-basin", "s");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      CountDownLatch following = new CountDownLatch(FOLLOWERS);
      CountDownLatch complete = new CountDownLatch(FOLLOWERS);
      long heapBefore = usedHeap();
      List<Follower> followers = new ArrayList<>();
      List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
      HttpRequest request = HttpRequest.newBuilder(server.endpoint().resolve("/v1/streams/s/records?seq_num=0"))
          .header("s2-basin", "fan-out-basin").header("content-type", "s2s/proto").GET().build();
      for (int i = 0; i < FOLLOWERS; i++) {
        Follower f = new Follower(following, complete);
        followers.add(f);
        responses.add(http.sendAsync(request, info -> {
          if (info.statusCode() != 200) {
            f.problem = "status " + info.statusCode();
          }
          return HttpResponse.BodySubscribers.fromSubscriber(f);
        }));
      }
      assertThat(following.await(60, TimeUnit.SECONDS)).as("all followers at the tail").isTrue();
      long heapFollowing = usedHeap();
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("s2lite-session")).count();
      int allThreads = Thread.activeCount();

      long start = System.nanoTime();
      for (int i = 0; i < RECORDS; i++) {
        api.append("fan-out-basin", "s", "m" + i);
      }
      assertThat(complete.await(60, TimeUnit.SECONDS)).as("every follower got every record").isTrue();
      Duration fanOut = Duration.ofNanos(System.nanoTime() - start);
      for (Follower f : followers) {
        assertThat(f.problem).isNull();
        assertThat(f.next).isEqualTo(RECORDS);
      }
      System.out.printf("fan-out: %d followers, %d records each in %d ms; heap used %d MiB before, %d MiB with all"
              + " following (%d KiB per session, client side included); %d session threads, %d threads in the JVM%n",
          FOLLOWERS, RECORDS, fanOut.toMillis(), heapBefore >> 20, heapFollowing >> 20,
          (heapFollowing - heapBefore) / FOLLOWERS >> 10, threads, allThreads);
      // Idle followers cost a few KiB each, not a thread or a megabyte.
      assertThat(heapFollowing - heapBefore).isLessThan(FOLLOWERS * 256L * 1024);
      assertThat(threads).isLessThan(64);
      assertThat(allThreads).as("no thread per session, server or client").isLessThan(FOLLOWERS / 2);
      // Sessions never end on their own: the client hangs up.
      responses.forEach(r -> r.cancel(true));
      followers.forEach(Follower::cancel);
    }
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}

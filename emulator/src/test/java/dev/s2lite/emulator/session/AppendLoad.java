package dev.s2lite.emulator.session;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pipelined writer for load: one S2S append session (HTTP/1.1) sending batches of equal records
 * with at most {@code window} batches unacknowledged, until a volume or a duration is reached.
 * Record {@code i} of the stream is {@link #record(long, int)}, so a reader can check every byte.
 * Used by {@link AppendBench} and the small-heap test.
 */
final class AppendLoad {

  /** What a run achieved; latencies are from sending a batch to receiving its ack. */
  record Result(long records, long bytes, double seconds, long[] sortedLatencyNanos) {

    double mibPerSecond() {
      return bytes / 1048576.0 / seconds;
    }

    double latencyMillis(double quantile) {
      if (sortedLatencyNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(sortedLatencyNanos.length - 1, Math.floor(quantile * sortedLatencyNanos.length));
      return sortedLatencyNanos[i] / 1e6;
    }

    @Override
    public String toString() {
      return String.format("%d records (%.0f MiB) in %.1f s: %.1f MiB/s, %.0f records/s; ack latency p50 %.2f ms,"
              + " p99 %.2f ms, max %.2f ms", records, bytes / 1048576.0, seconds, mibPerSecond(), records / seconds,
          latencyMillis(0.5), latencyMillis(0.99), latencyMillis(1.0));
    }
  }

  private AppendLoad() {}

  /** The {@code index}-th record of a load stream: its index, then bytes derived from it. */
  static byte[] record(long index, int size) {
    byte[] bytes = new byte[size];
    ByteBuffer.wrap(bytes).putLong(0, index);
    for (int i = 8; i < size; i++) {
      bytes[i] = (byte) (index * 31 + i);
    }
    return bytes;
  }

  /**
   * Appends until {@code maxRecords} records are acknowledged or {@code duration} has passed.
   *
   * @param from the stream's tail: the seq_num, and so the content, of the first record sent
   * @throws AssertionError if the session fails or an ack is missing
   */
  static Result run(URI endpoint, String basin, String stream, int recordBytes, int batchRecords, int window,
      long from, long maxRecords, Duration duration) {
    Semaphore permits = new Semaphore(window);
    ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
    List<Long> latencies = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] acked = {from};
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    try (S2sClient session = S2sClient.append(S2sClient.Transport.HTTP1, endpoint, basin, stream, Map.of())) {
      if (session.status != 200) {
        throw new AssertionError("append session answered " + session.status + ": " + session.errorBody());
      }
      Thread acks = new Thread(() -> {
        try {
          while (true) {
            TestProto.Ack ack = session.nextAck();
            long now = System.nanoTime();
            synchronized (latencies) {
              latencies.add(now - sentAt.remove());
              acked[0] = ack.end().seqNum();
            }
            permits.release();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
          permits.release(window + 1);
        }
      }, "append-load-acks");
      acks.setDaemon(true);
      acks.start();
      long sent = 0;
      while (sent < maxRecords && System.nanoTime() < deadline && failure.get() == null) {
        permits.acquireUninterruptibly();
        if (failure.get() != null) {
          break;
        }
        int n = (int) Math.min(batchRecords, maxRecords - sent);
        List<byte[]> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          batch.add(record(from + sent + i, recordBytes));
        }
        byte[] frame = TestProto.frame(TestProto.appendInputBytes(batch, null, null));
        sentAt.add(System.nanoTime());
        session.send(frame);
        sent += n;
      }
      if (failure.get() == null && !permits.tryAcquire(window, 60, TimeUnit.SECONDS)) {
        throw new AssertionError("acks stopped at " + acked[0] + " with " + sent + " records sent from " + from);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      synchronized (latencies) {
        if (failure.get() != null && acked[0] < from + sent) {
          throw new AssertionError("the session failed after " + acked[0] + " acked records", failure.get());
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(acked[0] - from, (acked[0] - from) * recordBytes, seconds, sorted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Reads a load stream over an S2S read session (HTTP/1.1) until seq_num {@code until}, checking
   * that every record is the one {@link #record} made; returns the seq_num it got to.
   */
  static long readAndCheck(URI endpoint, String basin, String stream, int recordBytes, String query, long from,
      long until) {
    long next = from;
    try (S2sClient session = S2sClient.read(S2sClient.Transport.HTTP1, endpoint, basin, stream, query, Map.of())) {
      if (session.status != 200) {
        throw new AssertionError("read session answered " + session.status + ": " + session.errorBody());
      }
      while (next < until) {
        for (TestProto.Rec r : session.nextBatch().records()) {
          if (r.seqNum() != next || !Arrays.equals(r.body(), record(next, recordBytes))) {
            throw new AssertionError("record " + r.seqNum() + " where " + next + " was expected, or its bytes differ");
          }
          next++;
        }
      }
    }
    return next;
  }
}

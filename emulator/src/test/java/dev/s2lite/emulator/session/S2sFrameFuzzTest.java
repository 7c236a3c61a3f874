package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.session.S2sClient.Transport;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded S2S frame fuzzer: random, truncated and mutated frames into append sessions and read
 * sessions, over HTTP/1.1 and h2c. Every session must end (no hang) with acks and at most a 4xx
 * terminal frame, never a server error; afterwards the server answers and the stream holds exactly
 * the records it acknowledged, densely numbered.
 *
 * <p>{@code -Ds2lite.fuzz.seed=N} and {@code -Ds2lite.fuzz.cases=N} replay or lengthen a run; the
 * seed of a failing case is in the assertion message.
 */
@Timeout(300)
class S2sFrameFuzzTest extends SessionTestBase {

  private static final long SEED = Long.getLong("s2lite.fuzz.seed", 20261129L);
  private static final int CASES = Integer.getInteger("s2lite.fuzz.cases", 60);
  private static final Duration ENDS_WITHIN = Duration.ofSeconds(15);

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fuzzedAppendSessionsEndWithoutServerErrorsAndStoreExactlyWhatWasAcked(Transport transport) {
    long acked = 0;
    for (int i = 0; i < CASES; i++) {
      long caseSeed = SEED * 31 + i + transport.ordinal() * 1_000_003L;
      Random random = new Random(caseSeed);
      String context = "case " + i + " (seed " + caseSeed + ", " + transport + ")";
      try (S2sClient session = S2sClient.append(transport, server.endpoint(), basin, "s", Map.of())) {
        assertThat(session.status).as(context).isEqualTo(200);
        sendInPieces(session, fuzzedFrames(random), random);
        acked = readAcks(session, acked, context);
      }
      assertThat(api.tail(basin, "s")).as("the tail after " + context).isGreaterThanOrEqualTo(acked);
      acked = api.tail(basin, "s");
    }
    assertThat(api.readAll(basin, "s")).as("every stored record readable, densely numbered").hasSize((int) acked);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void fuzzedReadSessionsEndWithoutServerErrors(Transport transport) {
    api.append(basin, "s", "r0", "r1", "r2");
    List<String> encodings = List.of("zstd", "gzip", "zstd;q=0, gzip", "br", "", "identity, *;q=0");
    for (int i = 0; i < CASES; i++) {
      long caseSeed = SEED * 17 + i + transport.ordinal() * 1_000_003L;
      Random random = new Random(caseSeed);
      String context = "case " + i + " (seed " + caseSeed + ", " + transport + ")";
      String query = "seq_num=" + random.nextInt(6) + "&count=" + random.nextInt(5) + "&wait=0"
          + (random.nextBoolean() ? "&clamp=true" : "");
      Map<String, String> headers = Map.of("accept-encoding", encodings.get(random.nextInt(encodings.size())));
      boolean withBody = transport == Transport.HTTP1 && random.nextBoolean();
      String path = "/v1/streams/s/records?" + query;
      try (S2sClient read = withBody
          ? S2sClient.open(transport, server.endpoint(), "GET", path, basin, headers, true)
          : S2sClient.read(transport, server.endpoint(), basin, "s", query, headers)) {
        if (withBody) {
          sendInPieces(read, fuzzedFrames(random), random);
        }
        if (read.status == 200) {
          drain(read, context);
        } else {
          assertThat(read.status).as(context + ": " + read.errorBody()).isBetween(400, 499);
        }
      }
    }
    assertThat(api.readAll(basin, "s")).containsExactly("r0", "r1", "r2");
  }

  /** Acks (contiguous, after {@code tail}) then possibly a 4xx terminal frame; returns the last acked end. */
  private static long readAcks(S2sClient session, long tail, String context) {
    long end = tail;
    try {
      for (S2sFrame frame = session.next(ENDS_WITHIN); frame != null; frame = session.next(ENDS_WITHIN)) {
        if (frame instanceof S2sFrame.Terminal terminal) {
          assertThat(terminal.status()).as(context + ": terminal " + new String(terminal.body(), StandardCharsets.UTF_8))
              .isBetween(400, 499);
          continue;
        }
        TestProto.Ack ack = TestProto.ack(((S2sFrame.Message) frame).payload());
        assertThat(ack.start().seqNum()).as(context + ": acks in order").isEqualTo(end);
        end = ack.end().seqNum();
      }
    } catch (AssertionError e) {
      if (!isConnectionCut(e)) {
        throw e;
      }
      // The server closed a connection whose request body it would not read: the client may lose
      // the rest of the response; the stream's state is still checked by the caller.
    }
    return end;
  }

  private static void drain(S2sClient read, String context) {
    try {
      for (S2sFrame frame = read.next(ENDS_WITHIN); frame != null; frame = read.next(ENDS_WITHIN)) {
        if (frame instanceof S2sFrame.Terminal terminal) {
          assertThat(terminal.status()).as(context).isBetween(400, 499);
        }
      }
    } catch (AssertionError e) {
      if (!isConnectionCut(e)) {
        throw e;
      }
    }
  }

  private static boolean isConnectionCut(AssertionError e) {
    return e.getMessage() != null && e.getMessage().startsWith("the response failed");
  }

  private static void sendInPieces(S2sClient session, byte[] bytes, Random random) {
    try {
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(64));
        session.send(Arrays.copyOfRange(bytes, at, at + n));
        at += n;
      }
      session.halfClose();
    } catch (UncheckedIOException ended) {
      // The server ended the session (a bad frame): what it answered is still read.
    }
  }

  /** A few frames: valid inputs, random bytes, truncated, mutated, odd flags and lengths. */
  private static byte[] fuzzedFrames(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(5);
    for (int f = 0; f < frames; f++) {
      byte[] valid = TestProto.frame(TestProto.appendInput(bodies(random), null, null));
      byte[] frame = switch (random.nextInt(9)) {
        case 0, 1, 2 -> valid;
        case 3 -> randomBytes(random, random.nextInt(40));
        case 4 -> Arrays.copyOf(valid, random.nextInt(valid.length));
        case 5 -> mutate(valid, random);
        case 6 -> TestProto.frame(random.nextInt(256), TestProto.appendInput(bodies(random), null, null));
        case 7 -> TestProto.frame(0x40, random.nextBoolean()
            ? gzip(TestProto.appendInput(bodies(random), null, null)) : randomBytes(random, 20));
        default -> new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
      };
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  private static List<String> bodies(Random random) {
    List<String> bodies = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      bodies.add("fuzz-" + random.nextInt(1000));
    }
    return bodies;
  }

  private static byte[] mutate(byte[] frame, Random random) {
    byte[] copy = frame.clone();
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return copy;
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

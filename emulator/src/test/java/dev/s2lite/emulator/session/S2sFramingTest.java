package dev.s2lite.emulator.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.http.Responses;
import dev.s2lite.emulator.http.Responses.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class S2sFramingTest {

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static S2sFrame decodeAll(byte[] frame) throws S2sFrameException {
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    decoder.feed(frame, 0, frame.length);
    S2sFrame decoded = decoder.next();
    assertThat(decoder.hasPartialFrame()).isFalse();
    return decoded;
  }

  @Test
  void regularFrameRoundTripsWithLengthPrefixCountingTheFlagByte() throws Exception {
    byte[] frame = new S2sFrameEncoder(Encoding.IDENTITY).message(new byte[] {1, 2, 3});
    assertThat(frame).containsExactly(0, 0, 4, 0, 1, 2, 3);
    assertThat(((S2sFrame.Message) decodeAll(frame)).payload()).containsExactly(1, 2, 3);
  }

  @Test
  void terminalFrameCarriesBigEndianStatusThenJsonBody() throws Exception {
    byte[] frame = S2sFrameEncoder.terminal(S2Error.badFrame("x").status(), S2Error.badFrame("x").body());
    assertThat(frame[3] & 0xFF).isEqualTo(0x80);
    assertThat((frame[4] & 0xFF) << 8 | (frame[5] & 0xFF)).isEqualTo(400);
    assertThat(frame[4] & 0xFF).isEqualTo(0x01);
    S2sFrame.Terminal t = (S2sFrame.Terminal) decodeAll(frame);
    assertThat(t.status()).isEqualTo(400);
    assertThat(new String(t.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"code\":\"bad_frame\",\"message\":\"Failed to decode S2S frame: x\"}");
  }

  @Test
  void decoderWaitsForPartialFramesFedByteByByte() throws Exception {
    byte[] payload = bytes(5000);
    S2sFrameEncoder encoder = new S2sFrameEncoder(Encoding.IDENTITY);
    byte[] two = concat(encoder.message(payload), encoder.message(new byte[] {9}));
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    int frames = 0;
    for (int i = 0; i < two.length; i++) {
      decoder.feed(two, i, 1);
      S2sFrame f = decoder.next();
      if (f != null) {
        frames++;
        assertThat(((S2sFrame.Message) f).payload()).isEqualTo(frames == 1 ? payload : new byte[] {9});
      } else {
        assertThat(decoder.hasPartialFrame()).isTrue();
      }
    }
    assertThat(frames).isEqualTo(2);
    assertThat(decoder.hasPartialFrame()).isFalse();
  }

  @Test
  void lengthOverTwoMebibytesIsRejectedFromThePrefixAlone() {
    S2sFrameDecoder decoder = new S2sFrameDecoder();
    int length = S2sFrame.MAX_FRAME_LENGTH + 1;
    decoder.feed(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length}, 0, 3);
    assertThatThrownBy(decoder::next).isInstanceOf(S2sFrameException.class).hasMessageContaining("exceeds");
  }

  @Test
  void lengthOfExactlyTwoMebibytesIsAccepted() throws Exception {
    byte[] payload = bytes(S2sFrame.MAX_FRAME_LENGTH - 1);
    S2sFrame f = decodeAll(S2sFrameEncoder.frame(0, payload));
    assertThat(((S2sFrame.Message) f).payload()).hasSize(S2sFrame.MAX_FRAME_LENGTH - 1);
  }

  @Test
  void emptyFrameIsRejected() {
    assertThatThrownBy(() -> decodeAll(new byte[] {0, 0, 0})).isInstanceOf(S2sFrameException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void compressionBitsElevenAreRejected() {
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x60, new byte[] {1})))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("compression");
  }

  @Test
  void terminalFrameWithoutStatusIsRejected() {
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x80, new byte[] {1})))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("status");
  }

  @Test
  void reservedBitsAreIgnoredOnInput() throws Exception {
    S2sFrame f = decodeAll(S2sFrameEncoder.frame(0x10 | 0x01, new byte[] {7}));
    assertThat(((S2sFrame.Message) f).payload()).containsExactly(7);
  }

  @Test
  void zstdAndGzipMessagesRoundTripWhenAtLeastOneKibibyte() throws Exception {
    byte[] payload = new byte[4096];
    Arrays.fill(payload, (byte) 'a');
    for (Encoding e : new Encoding[] {Encoding.ZSTD, Encoding.GZIP}) {
      byte[] frame = new S2sFrameEncoder(e).message(payload);
      assertThat(frame[3] & 0x60).isEqualTo(e == Encoding.ZSTD ? 0x20 : 0x40);
      assertThat(frame.length).isLessThan(payload.length);
      assertThat(((S2sFrame.Message) decodeAll(frame)).payload()).isEqualTo(payload);
    }
  }

  @Test
  void messagesUnderOneKibibyteAreNeverCompressed() {
    byte[] small = new byte[Responses.COMPRESSION_THRESHOLD - 1];
    assertThat(new S2sFrameEncoder(Encoding.ZSTD).message(small)[3]).isZero();
    assertThat(new S2sFrameEncoder(Encoding.GZIP).message(small)[3]).isZero();
    assertThat(new S2sFrameEncoder(Encoding.ZSTD).message(new byte[Responses.COMPRESSION_THRESHOLD])[3])
        .isEqualTo((byte) 0x20);
  }

  @Test
  void decompressionBombIsRejected() {
    byte[] huge = new byte[S2sFrame.MAX_PAYLOAD_BYTES + 1];
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x20, Zstd.compress(huge))))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("decompresses");
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x40, Responses.gzip(huge))))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("decompresses");
  }

  @Test
  void decompressedPayloadOfExactlyTheLimitIsAccepted() throws Exception {
    byte[] max = new byte[S2sFrame.MAX_PAYLOAD_BYTES];
    assertThat(((S2sFrame.Message) decodeAll(S2sFrameEncoder.frame(0x20, Zstd.compress(max)))).payload())
        .hasSize(S2sFrame.MAX_PAYLOAD_BYTES);
  }

  @Test
  void corruptCompressedPayloadIsRejected() {
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x40, new byte[] {1, 2, 3, 4})))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("gzip");
    assertThatThrownBy(() -> decodeAll(S2sFrameEncoder.frame(0x20, new byte[] {1, 2, 3, 4})))
        .isInstanceOf(S2sFrameException.class).hasMessageContaining("zstd");
  }

  @Test
  void acceptEncodingPrefersZstdThenGzipIgnoringQValues() {
    assertThat(Encoding.forSessionMessages("gzip;q=1.0, zstd;q=0.1")).isEqualTo(Encoding.ZSTD);
    assertThat(Encoding.forSessionMessages("br, GZIP")).isEqualTo(Encoding.GZIP);
    assertThat(Encoding.forSessionMessages("br, deflate")).isEqualTo(Encoding.IDENTITY);
    assertThat(Encoding.forSessionMessages(null)).isEqualTo(Encoding.IDENTITY);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

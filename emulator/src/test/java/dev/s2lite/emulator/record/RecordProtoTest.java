package dev.s2lite.emulator.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.store.StoredRecord;
import dev.s2lite.emulator.stream.StreamCipher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordProtoTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static StoredRecord plain(long seq, long ts, List<Header> headers, byte[] body) {
    return new StoredRecord(seq, ts, Long.MAX_VALUE, (int) new AppendRecord(null, headers, body).meteredBytes(),
        Envelope.plain(headers, body));
  }

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void storedPlainRecordsEncodeAsTheirDecodedFormAfterTheRoom() {
    byte[] large = new byte[300_000];
    new Random(7).nextBytes(large);
    List<StoredRecord> records = List.of(
        plain(0, 0, List.of(), new byte[0]),
        plain(1, 1_700_000_000_000L, List.of(new Header(bytes("name"), bytes("value"))), bytes("body")),
        plain(2, 5, List.of(new Header(new byte[0], bytes("v")), new Header(bytes("n"), new byte[0]),
            new Header(new byte[0], new byte[0])), new byte[0]),
        plain(-1L, -1L, List.of(new Header(new byte[200], new byte[300])), large));
    for (StreamPosition tail : Arrays.asList(null, new StreamPosition(0, 0), new StreamPosition(4, 99))) {
      StoredBatch batch = new StoredBatch(records, null, tail);
      byte[] direct = RecordProto.readBatch(batch, 4);
      byte[] decoded = RecordProto.readBatch(batch.decode());
      assertThat(direct).hasSize(decoded.length + 4);
      assertThat(Arrays.copyOfRange(direct, 4, direct.length)).isEqualTo(decoded);
    }
  }

  @Test
  void aBatchWithAnEncryptedRecordIsDecodedWithTheReadersKey() {
    RecordCipher cipher = RecordCipher.forStream(StreamCipher.AEGIS_256, KEY, "basin", "stream");
    List<Header> headers = List.of(new Header(bytes("h"), bytes("v")));
    StoredRecord encrypted = new StoredRecord(1, 2, Long.MAX_VALUE, 12, cipher.encrypt(headers, bytes("secret")));
    StoredBatch batch = new StoredBatch(List.of(plain(0, 1, List.of(), bytes("open")), encrypted), cipher, null);

    byte[] direct = RecordProto.readBatch(batch, 4);

    byte[] expected = RecordProto.readBatch(new ReadBatch(List.of(
        new SequencedRecord(0, 1, List.of(), bytes("open")),
        new SequencedRecord(1, 2, headers, bytes("secret"))), null));
    assertThat(Arrays.copyOfRange(direct, 4, direct.length)).isEqualTo(expected);
  }

  @Test
  void anEncryptedRecordWithoutTheKeyFailsTheBatch() {
    RecordCipher cipher = RecordCipher.forStream(StreamCipher.AEGIS_256, KEY, "basin", "stream");
    RecordCipher other = RecordCipher.forStream(StreamCipher.AEGIS_256,
        Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}), "basin", "stream");
    StoredRecord encrypted = new StoredRecord(0, 1, Long.MAX_VALUE, 8, cipher.encrypt(List.of(), new byte[0]));

    assertThatThrownBy(() -> RecordProto.readBatch(new StoredBatch(List.of(encrypted), other, null), 4))
        .isInstanceOfSatisfying(S2Error.class, e -> assertThat(e.code()).isEqualTo("decryption_failed"));
  }

  @Test
  void appendInputReadsRecordsInPlaceAndRefusesOneLongerThanTheInput() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
    java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream h = com.google.protobuf.CodedOutputStream.newInstance(header);
    h.writeByteArray(1, bytes("n"));
    h.writeByteArray(2, bytes("v"));
    h.flush();
    java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream r = com.google.protobuf.CodedOutputStream.newInstance(record);
    r.writeUInt64(1, 42);
    r.writeByteArray(2, header.toByteArray());
    r.writeByteArray(3, bytes("body"));
    r.flush();
    out.writeByteArray(1, record.toByteArray());
    out.writeByteArray(1, new byte[0]);
    out.writeUInt64(2, 7);
    out.flush();

    AppendInput input = RecordProto.appendInput(bytes.toByteArray());

    assertThat(input.records()).hasSize(2);
    assertThat(input.records().get(0).timestamp()).isEqualTo(42L);
    assertThat(input.records().get(0).headers()).singleElement()
        .satisfies(x -> assertThat(new String(x.name(), StandardCharsets.UTF_8) + "=" + new String(x.value(), StandardCharsets.UTF_8)).isEqualTo("n=v"));
    assertThat(input.records().get(0).body()).isEqualTo(bytes("body"));
    assertThat(input.records().get(1).body()).isEmpty();
    assertThat(input.matchSeqNum()).isEqualTo(7L);

    byte[] truncated = {(1 << 3) | 2, 10, (3 << 3) | 2, 2, 'a'};
    assertThatThrownBy(() -> RecordProto.appendInput(truncated))
        .isInstanceOfSatisfying(S2Error.class, e -> {
          assertThat(e.code()).isEqualTo("bad_proto");
          assertThat(e.getMessage()).contains("input ended unexpectedly");
        });
  }
}

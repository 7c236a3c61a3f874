package dev.s2lite.emulator.record;

import static dev.s2lite.emulator.testing.Api.bytes;
import static dev.s2lite.emulator.testing.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.emulator.testing.Api;
import dev.s2lite.emulator.testing.Proto;
import dev.s2lite.emulator.testing.StoreKind;
import dev.s2lite.emulator.testing.TestClock;
import dev.s2lite.emulator.testing.Transport.Reply;
import dev.s2lite.emulator.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The unary data plane over real HTTP: append, read, check tail, commands, timestamps,
 * encryption, auto-create, deletion and background work, as REFERENCE describes s2-lite.
 * Each subclass runs all of it over one transport, on every {@link StoreKind}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreKind.class)
abstract class RecordsBehaviour {

  static final String BASIN = "records-basin";
  static final long START_MILLIS = 1_700_000_000_000L;

  final TestClock clock = new TestClock(Instant.ofEpochMilli(START_MILLIS));
  S2LiteServer server;
  Api api;

  abstract Transport transport();

  @Parameter
  StoreKind store;

  @BeforeParameterizedClassInvocation
  void startServer() {
    server = store.newLocation()
        .configure(S2LiteServer.builder().port(0).clock(clock).housekeepingPeriod(Duration.ZERO)).build().start();
    api = new Api(server, transport());
  }

  @AfterParameterizedClassInvocation
  void stopServer() {
    api.transport().close();
    server.close();
  }

  @BeforeEach
  void freshBasin() {
    server.reset();
    api.createBasin(BASIN, null);
  }

  long now() {
    return clock.millis();
  }

  static String key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isLessThan(500).isEqualTo(status);
    assertThat(r.json().path("code").asText()).as(r.toString()).isEqualTo(code);
  }

  static List<Long> seqNums(Reply r) {
    List<Long> out = new ArrayList<>();
    r.json().get("records").forEach(n -> out.add(n.get("seq_num").asLong()));
    return out;
  }

  static List<Long> timestamps(Reply r) {
    List<Long> out = new ArrayList<>();
    r.json().get("records").forEach(n -> out.add(n.get("timestamp").asLong()));
    return out;
  }

  static List<String> bodies(Reply r) {
    List<String> out = new ArrayList<>();
    r.json().get("records").forEach(n -> out.add(n.path("body").asText("")));
    return out;
  }

  // --- append ---

  @Test
  void appendOfThreeRecordsOnAnEmptyStreamAcksZeroToThree() {
    api.createStream(BASIN, "s", null);
    JsonNode ack = api.appendBodies(BASIN, "s", "a", "b", "c");
    assertThat(ack.get("start").get("seq_num").asLong()).isZero();
    assertThat(ack.get("end").get("seq_num").asLong()).isEqualTo(3);
    assertThat(ack.get("tail").get("seq_num").asLong()).isEqualTo(3);
    assertThat(ack.get("start").get("timestamp").asLong()).isEqualTo(now());
    assertThat(ack.get("end").get("timestamp").asLong()).isEqualTo(now());
    assertThat(api.bodies(BASIN, "s")).containsExactly("a", "b", "c");
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(3);
  }

  @Test
  void recordsReadBackWithHeadersInOrderAndEmptyPartsOmitted() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", """
        {"records":[{"headers":[["alpha","1"],["alpha","2"],["beta",""]],"body":"x"},{}]}"""));
    JsonNode records = ok(api.read(BASIN, "s", "seq_num=0")).json().get("records");
    assertThat(records.get(0).get("headers").toString())
        .isEqualTo("[[\"alpha\",\"1\"],[\"alpha\",\"2\"],[\"beta\",\"\"]]");
    assertThat(records.get(0).get("body").asText()).isEqualTo("x");
    assertThat(records.get(1).has("headers")).isFalse();
    assertThat(records.get(1).has("body")).isFalse();
    assertThat(records.get(1).fieldNames()).toIterable().containsExactly("seq_num", "timestamp");
  }

  @Test
  void base64FormatRoundTripsBinaryAndRawReadsItLossily() {
    api.createStream(BASIN, "s", null);
    byte[] body = {(byte) 0xff, 0, 'a', (byte) 0x80};
    String b64 = Base64.getEncoder().encodeToString(body);
    ok(api.append(BASIN, "s", "{\"records\":[{\"headers\":[[\"" + Base64.getEncoder().encodeToString(bytes("k"))
        + "\",\"" + b64 + "\"]],\"body\":\"" + b64 + "\"}]}", "s2-format", "base64"));
    JsonNode rec = ok(api.read(BASIN, "s", "seq_num=0", "s2-format", "base64")).json().get("records").get(0);
    assertThat(rec.get("body").asText()).isEqualTo(b64);
    assertThat(rec.get("headers").get(0).get(1).asText()).isEqualTo(b64);
    JsonNode raw = ok(api.read(BASIN, "s", "seq_num=0", "s2-format", "raw")).json().get("records").get(0);
    assertThat(raw.get("body").asText()).isEqualTo("\uFFFD\u0000a\uFFFD");
    assertThat(raw.get("headers").get(0).get(0).asText()).isEqualTo("k");
  }

  @Test
  void legacyFormatAliasesAreAcceptedAndUnknownFormatIsBadHeader() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"aGk=\"}]}", "s2-format", "json-binsafe"));
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"aGk=\"}]}", "s2-format", "json"));
    assertThat(api.bodies(BASIN, "s")).containsExactly("hi", "aGk=");
    assertError(api.append(BASIN, "s", "{\"records\":[{}]}", "s2-format", "hex"), 400, "bad_header");
    assertError(api.read(BASIN, "s", "seq_num=0", "s2-format", "hex"), 400, "bad_header");
  }

  @Test
  void fencingCommandControlsWhichWritersMayAppend() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"seed\"}],\"fencing_token\":\"\"}"));
    ok(api.append(BASIN, "s",
        "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"updated-token\"}],\"fencing_token\":\"\"}"));
    Reply fenced = api.append(BASIN, "s", "{\"records\":[{\"body\":\"x\"}],\"fencing_token\":\"\"}");
    assertThat(fenced.status()).isEqualTo(412);
    assertThat(fenced.json().toString()).isEqualTo("{\"fencing_token_mismatch\":\"updated-token\"}");
    ok(api.append(BASIN, "s",
        "{\"records\":[{\"body\":\"y\"}],\"fencing_token\":\"updated-token\",\"match_seq_num\":2}"));
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"no token is never fenced\"}]}"));
    Reply read = ok(api.read(BASIN, "s", "seq_num=0"));
    assertThat(read.json().get("records").get(1).get("headers").toString()).isEqualTo("[[\"\",\"fence\"]]");
    assertThat(bodies(read)).containsExactly("seed", "updated-token", "y", "no token is never fenced");
  }

  @Test
  void fenceWithEmptyTokenReadsBackWithoutBody() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", "{\"records\":[{\"headers\":[[\"\",\"fence\"]]}]}"));
    JsonNode rec = ok(api.read(BASIN, "s", "seq_num=0")).json().get("records").get(0);
    assertThat(rec.has("body")).isFalse();
    ok(api.append(BASIN, "s", "{\"records\":[{}],\"fencing_token\":\"\"}"));
  }

  @Test
  void matchSeqNumSucceedsInOrderAndMismatchReportsTheNextSeqNum() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"a\"}],\"match_seq_num\":0}"));
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"b\"}],\"match_seq_num\":1}"));
    Reply mismatch = api.append(BASIN, "s", "{\"records\":[{\"body\":\"c\"}],\"match_seq_num\":0}");
    assertThat(mismatch.status()).isEqualTo(412);
    assertThat(mismatch.json().toString()).isEqualTo("{\"seq_num_mismatch\":2}");
    assertThat(api.bodies(BASIN, "s")).containsExactly("a", "b");
  }

  @Test
  void clientRequireRejectsAMissingTimestampAndAcceptsAGivenOne() {
    api.createStream(BASIN, "s", "{\"timestamping\":{\"mode\":\"client-require\"}}");
    Reply missing = api.append(BASIN, "s", "{\"records\":[{\"timestamp\":5},{\"body\":\"no ts\"}]}");
    assertError(missing, 422, "invalid");
    assertThat(missing.json().get("message").asText()).isEqualTo("record timestamp was required but was missing");
    assertThat(api.tailSeqNum(BASIN, "s")).isZero();
    JsonNode ack = api.appendTimestamps(BASIN, "s", 123);
    assertThat(ack.get("start").get("seq_num").asLong()).isZero();
    assertThat(ack.get("end").get("seq_num").asLong()).isEqualTo(1);
    assertThat(ack.get("end").get("timestamp").asLong()).isEqualTo(123);
    api.appendTimestamps(BASIN, "s", 100, 50, 200);
    assertThat(timestamps(api.read(BASIN, "s", "seq_num=0"))).containsExactly(123L, 123L, 123L, 200L);
  }

  @Test
  void clientPreferTimestampsNeverDecrease() {
    api.createStream(BASIN, "s", null);
    api.appendTimestamps(BASIN, "s", 1000, 900, 1100);
    api.appendTimestamps(BASIN, "s", 500, 600);
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"no ts\"}]}"));
    assertThat(timestamps(api.read(BASIN, "s", "seq_num=0")))
        .containsExactly(1000L, 1000L, 1100L, 1100L, 1100L, now());
  }

  @Test
  void arrivalModeIgnoresClientTimestamps() {
    api.createStream(BASIN, "s", "{\"timestamping\":{\"mode\":\"arrival\"}}");
    api.appendTimestamps(BASIN, "s", 5, 6);
    assertThat(timestamps(api.read(BASIN, "s", "seq_num=0"))).containsExactly(now(), now());
  }

  @Test
  void futureTimestampsAreCappedAtArrivalUnlessUncapped() {
    api.createStream(BASIN, "capped", null);
    api.createStream(BASIN, "uncapped", "{\"timestamping\":{\"uncapped\":true}}");
    long future = now() + 10_000;
    api.appendTimestamps(BASIN, "capped", future);
    api.appendTimestamps(BASIN, "uncapped", future);
    assertThat(timestamps(api.read(BASIN, "capped", "seq_num=0"))).containsExactly(now());
    assertThat(timestamps(api.read(BASIN, "uncapped", "seq_num=0"))).containsExactly(future);
  }

  @Test
  void arrivalTimestampsFollowTheServerClock() {
    api.createStream(BASIN, "s", null);
    long first = now();
    api.appendBodies(BASIN, "s", "a");
    clock.advance(Duration.ofSeconds(3));
    api.appendBodies(BASIN, "s", "b", "c");
    assertThat(timestamps(api.read(BASIN, "s", "seq_num=0"))).containsExactly(first, first + 3000, first + 3000);
  }

  @Test
  void malformedCommandRecordsAreInvalid() {
    api.createStream(BASIN, "s", null);
    String longToken = "x".repeat(37);
    String[][] cases = {
        {"{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"" + longToken + "\"}]}",
            "invalid `fence` command: fencing token must not exceed 36 bytes in length"},
        {"{\"records\":[{\"headers\":[[\"\",\"trim\"]],\"body\":\"abc\"}]}",
            "invalid `trim` command: earliest sequence number to trim to was 3 bytes, must be 8"},
        {"{\"records\":[{\"headers\":[[\"\",\"explode\"]]}]}", "unknown command"},
        {"{\"records\":[{\"headers\":[[\"\",\"fence\"],[\"a\",\"b\"]]}]}", "invalid header: empty name"},
        {"{\"records\":[{\"headers\":[[\"a\",\"b\"],[\"\",\"x\"]]}]}", "invalid header: empty name"},
    };
    for (String[] c : cases) {
      Reply r = api.append(BASIN, "s", c[0]);
      assertError(r, 422, "invalid");
      assertThat(r.json().get("message").asText()).isEqualTo(c[1]);
    }
    Reply badUtf8 = api.append(BASIN, "s",
        "{\"records\":[{\"headers\":[[\"\",\"ZmVuY2U=\"]],\"body\":\"/w==\"}]}", "s2-format", "base64");
    assertThat(badUtf8.json().get("message").asText()).isEqualTo("invalid `fence` command: invalid UTF-8");
    assertThat(api.tailSeqNum(BASIN, "s")).isZero();
  }

  @Test
  void batchLimitsAreEnforcedWithLitesMessages() {
    api.createStream(BASIN, "s", null);
    Reply empty = api.append(BASIN, "s", "{\"records\":[]}");
    assertError(empty, 422, "invalid");
    assertThat(empty.json().get("message").asText()).isEqualTo("record batch must not be empty");

    Reply tooMany = api.append(BASIN, "s", "{\"records\":[" + "{},".repeat(1000) + "{}]}");
    assertThat(tooMany.json().get("message").asText()).isEqualTo("record batch must not exceed 1000 records");

    Reply bigRecord = api.append(BASIN, "s", "{\"records\":[{\"body\":\"" + "x".repeat(1024 * 1024 - 7) + "\"}]}");
    assertError(bigRecord, 422, "invalid");
    assertThat(bigRecord.json().get("message").asText()).isEqualTo("record must have metered size less than 1 MiB");

    String half = "{\"body\":\"" + "x".repeat(600_000) + "\"}";
    Reply bigBatch = api.append(BASIN, "s", "{\"records\":[" + half + "," + half + "]}");
    assertThat(bigBatch.json().get("message").asText())
        .isEqualTo("record batch must not exceed a metered size of 1 MiB");
    assertThat(api.tailSeqNum(BASIN, "s")).isZero();

    ok(api.append(BASIN, "s", "{\"records\":[" + "{},".repeat(999) + "{}]}"));
    ok(api.append(BASIN, "s", "{\"records\":[{\"body\":\"" + "x".repeat(1024 * 1024 - 8) + "\"}]}"));
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(1001);
  }

  @Test
  void badInputIsRejectedWithoutChangingTheStream() {
    api.createStream(BASIN, "s", "{\"timestamping\":{\"mode\":\"client-require\"}}");
    api.appendTimestamps(BASIN, "s", 10, 20);
    String before = ok(api.read(BASIN, "s", "seq_num=0")).text();
    String tailBefore = ok(api.tail(BASIN, "s")).text();

    assertError(api.append(BASIN, "s", "{\"records\":[{\"body\":"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "not json"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":{}}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"body\":5}]}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":-1}]}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"headers\":[[\"a\"]]}]}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":1}],\"fencing_token\":7}"), 400, "bad_json");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":1}],\"fencing_token\":\"" + "t".repeat(37) + "\"}"),
        400, "bad_json");
    assertError(api.appendBytes(BASIN, "s", bytes("{\"records\":[]}"), "text/plain"), 400, "bad_json");
    Reply badB64 = api.append(BASIN, "s", "{\"records\":[{\"timestamp\":30,\"body\":\"!!\"}]}",
        "s2-format", "base64");
    assertError(badB64, 422, "invalid");
    assertThat(badB64.json().get("message").asText()).isEqualTo("invalid Base64 encoding");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":30,\"body\":\"x\"}, {\"body\":\"y\"}]}"),
        422, "invalid");
    assertError(api.append(BASIN, "s", "{\"records\":[" + "{\"timestamp\":1},".repeat(1000) + "{}]}"),
        422, "invalid");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":1,\"body\":\"" + "x".repeat(3 << 20) + "\"}]}"),
        400, "bad_json");
    assertError(api.appendBytes(BASIN, "s", new byte[3 << 20], "application/protobuf"), 400, "bad_proto");
    assertError(api.appendBytes(BASIN, "s", new byte[] {(byte) 0xff, 0x01, 0x02}, "application/protobuf"),
        400, "bad_proto");
    assertError(api.appendBytes(BASIN, "s", new byte[] {0x0a, 0x10, 0x01}, "application/protobuf"),
        400, "bad_proto");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":1}]}", "s2-encryption-key", "x".repeat(45)),
        400, "bad_header");
    assertError(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":1}],\"fencing_token\":\"nope\"}"),
        412, "");

    assertThat(ok(api.read(BASIN, "s", "seq_num=0")).text()).isEqualTo(before);
    assertThat(ok(api.tail(BASIN, "s")).text()).isEqualTo(tailBefore);
  }

  @Test
  void protobufAppendAndProtobufAckAndRead() {
    api.createStream(BASIN, "s", null);
    byte[] input = Proto.appendInput(List.of(
        new Proto.Rec(7L, List.<byte[][]>of(new byte[][] {bytes("h"), new byte[] {1, 2}}), new byte[] {(byte) 0xfe}),
        new Proto.Rec(null, List.of(), new byte[0])), 0L, "");
    Reply ack = api.appendBytes(BASIN, "s", input, "application/protobuf", "accept", "application/protobuf");
    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.header("content-type")).startsWith("application/protobuf");
    Proto.Position[] positions = Proto.appendAck(ack.body());
    assertThat(positions[0]).isEqualTo(new Proto.Position(0, 7));
    assertThat(positions[1]).isEqualTo(new Proto.Position(2, now()));
    assertThat(positions[2]).isEqualTo(new Proto.Position(2, now()));

    Reply jsonAck = api.appendBytes(BASIN, "s", Proto.appendInput(
        List.of(new Proto.Rec(null, List.of(), bytes("third"))), null, null), "application/x-protobuf",
        "s2-format", "ignored-for-protobuf");
    assertThat(jsonAck.json().get("end").get("seq_num").asLong()).isEqualTo(3);

    Reply protoAckOfJson = api.append(BASIN, "s", "{\"records\":[{\"body\":\"fourth\"}]}",
        "accept", "application/protobuf");
    assertThat(Proto.appendAck(protoAckOfJson.body())[1].seqNum()).isEqualTo(4);

    Reply read = api.read(BASIN, "s", "seq_num=0", "accept", "application/protobuf", "s2-format", "ignored");
    assertThat(read.header("content-type")).startsWith("application/protobuf");
    Proto.Batch batch = Proto.readBatch(read.body());
    assertThat(batch.tail()).isNull();
    assertThat(batch.records()).hasSize(4);
    assertThat(batch.records().get(0).headers().get(0)[1]).containsExactly(1, 2);
    assertThat(batch.records().get(0).body()).containsExactly(0xfe);
    assertThat(batch.records().get(0).timestamp()).isEqualTo(7);
    assertThat(batch.records().get(1).timestamp()).isEqualTo(now());
    assertThat(new String(batch.records().get(3).body(), StandardCharsets.UTF_8)).isEqualTo("fourth");

    Reply mismatch = api.appendBytes(BASIN, "s", Proto.appendInput(
        List.of(new Proto.Rec(null, List.of(), new byte[0])), 0L, null), "application/protobuf",
        "accept", "application/protobuf");
    assertThat(mismatch.status()).isEqualTo(412);
    assertThat(mismatch.json().get("seq_num_mismatch").asLong()).isEqualTo(4);

    Reply longToken = api.appendBytes(BASIN, "s", Proto.appendInput(
        List.of(new Proto.Rec(null, List.of(), new byte[0])), null, "t".repeat(37)), "application/protobuf");
    assertError(longToken, 422, "invalid");
    Reply emptyBatch = api.appendBytes(BASIN, "s", new byte[0], "application/protobuf");
    assertError(emptyBatch, 422, "invalid");
  }

  // --- read ---

  /** Two records at seq 0 and 1 with timestamps 1000 and 2000: tail {2, 2000}. */
  void twoRecords() {
    api.createStream(BASIN, "s", null);
    api.appendTimestamps(BASIN, "s", 1000, 2000);
  }

  @Test
  void readExamplesOfTheReference() {
    twoRecords();
    Reply all = ok(api.read(BASIN, "s", "seq_num=0"));
    assertThat(seqNums(all)).containsExactly(0L, 1L);
    assertThat(all.json().has("tail")).isFalse();
    for (String q : new String[] {"seq_num=2", "seq_num=100", "seq_num=100&clamp=true", "tail_offset=0", "",
        "timestamp=2001"}) {
      Reply r = api.read(BASIN, "s", q);
      assertThat(r.status()).as(q).isEqualTo(416);
      assertThat(r.json().toString()).as(q).isEqualTo("{\"tail\":{\"seq_num\":2,\"timestamp\":2000}}");
    }
    assertThat(seqNums(ok(api.read(BASIN, "s", "tail_offset=1")))).containsExactly(1L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "tail_offset=100")))).containsExactly(0L, 1L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "timestamp=2000")))).containsExactly(1L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "timestamp=1500")))).containsExactly(1L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&until=2000")))).containsExactly(0L);
    assertThat(ok(api.read(BASIN, "s", "seq_num=0&count=0")).text()).isEqualTo("{\"records\":[]}");
    assertThat(ok(api.read(BASIN, "s", "timestamp=3000&clamp=true&wait=1")).json().get("records")).isEmpty();
    Reply conflict = api.read(BASIN, "s", "timestamp=1500&until=1500");
    assertError(conflict, 422, "invalid");
    assertThat(conflict.json().get("message").asText()).isEqualTo("start `timestamp` exceeds or equal to `until`");
    Reply twoStarts = api.read(BASIN, "s", "seq_num=0&tail_offset=1");
    assertThat(twoStarts.json().get("message").asText())
        .isEqualTo("only one of seq_num, timestamp, or tail_offset can be provided");
  }

  @Test
  void emptyStreamReadsAreRangeNotSatisfiableUnlessClampedAndWaiting() {
    api.createStream(BASIN, "s", null);
    assertThat(api.read(BASIN, "s", "seq_num=0").status()).isEqualTo(416);
    assertThat(api.read(BASIN, "s", "timestamp=1").json().toString())
        .isEqualTo("{\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
    assertThat(ok(api.read(BASIN, "s", "seq_num=5&clamp=true&wait=1")).text()).isEqualTo("{\"records\":[]}");
  }

  @Test
  void unwrittenReadsAtTheTailWithoutFollowAre416WithTheAckEnd() {
    api.createStream(BASIN, "s", null);
    JsonNode ack = api.appendBodies(BASIN, "s", "a");
    String tail = "{\"tail\":" + ack.get("end") + "}";
    long ts = ack.get("end").get("timestamp").asLong();
    for (String q : new String[] {"tail_offset=0&count=5", "seq_num=1&count=5&wait=0",
        "timestamp=" + (ts + 1) + "&until=18446744073709551615", "timestamp=" + (ts + 1) + "&clamp=true&count=1",
        "seq_num=100"}) {
      Reply r = api.read(BASIN, "s", q);
      assertThat(r.status()).as(q).isEqualTo(416);
      assertThat(r.json().toString()).as(q).isEqualTo(tail);
    }
  }

  @Test
  void countBytesAndUntilBoundTheRead() {
    api.createStream(BASIN, "s", null);
    api.appendTimestamps(BASIN, "s", 1000, 2000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000);
    int recordBytes = 8 + 2; // bodies "r0".."r9"
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&count=5")))).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&bytes=" + 2 * recordBytes)))).containsExactly(0L, 1L);
    assertThat(ok(api.read(BASIN, "s", "seq_num=0&bytes=" + (recordBytes - 1))).json().get("records")).isEmpty();
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&count=5&bytes=1000000")))).hasSize(5);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&count=100&bytes=" + 3 * recordBytes)))).hasSize(3);
    assertThat(ok(api.read(BASIN, "s", "seq_num=0&until=500")).json().get("records")).isEmpty();
    assertThat(timestamps(ok(api.read(BASIN, "s", "seq_num=0&until=2000")))).containsExactly(1000L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&until=50000")))).hasSize(10);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&count=2&until=5000")))).hasSize(2);
    assertThat(timestamps(ok(api.read(BASIN, "s", "seq_num=0&count=10&until=3500"))))
        .containsExactly(1000L, 2000L, 2000L, 3000L);
    assertThat(timestamps(ok(api.read(BASIN, "s", "timestamp=2000&until=4500"))))
        .containsExactly(2000L, 2000L, 3000L, 4000L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=3&count=2")))).containsExactly(3L, 4L);
  }

  @Test
  void timestampStartIncludesDuplicateTimestamps() {
    api.createStream(BASIN, "s", null);
    api.appendTimestamps(BASIN, "s", 500, 700, 700, 700);
    assertThat(seqNums(ok(api.read(BASIN, "s", "timestamp=700")))).containsExactly(1L, 2L, 3L);
    assertThat(seqNums(ok(api.read(BASIN, "s", "timestamp=0")))).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aUnaryReadIsCappedAtOneThousandRecordsAndOneMebibyte() {
    api.createStream(BASIN, "s", null);
    ok(api.append(BASIN, "s", "{\"records\":[" + "{},".repeat(999) + "{}]}"));
    ok(api.append(BASIN, "s", "{\"records\":[" + "{},".repeat(499) + "{}]}"));
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0")))).hasSize(1000);
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0&count=5000")))).hasSize(1000);
    String body = "x".repeat(300_000);
    for (int i = 0; i < 4; i++) {
      api.appendBodies(BASIN, "s", body);
    }
    Reply big = ok(api.read(BASIN, "s", "seq_num=1500&bytes=100000000"));
    assertThat(seqNums(big)).containsExactly(1500L, 1501L, 1502L);
  }

  @Test
  void readParametersThatDoNotParseAreBadQuery() {
    api.createStream(BASIN, "s", null);
    for (String q : new String[] {"seq_num=x", "seq_num=-1", "count=1.5", "clamp=yes", "wait=4294967296",
        "until=abc"}) {
      assertError(api.read(BASIN, "s", q), 400, "bad_query");
    }
  }

  @Test
  void aLongPollEndsAsSoonAsRecordsArrive() throws Exception {
    api.createStream(BASIN, "s", null);
    api.appendBodies(BASIN, "s", "old");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      long started = System.nanoTime();
      Future<Reply> poll = pool.submit(() -> api.read(BASIN, "s", "seq_num=1&wait=30"));
      Thread.sleep(300);
      assertThat(poll.isDone()).isFalse();
      api.appendBodies(BASIN, "s", "new1", "new2");
      Reply r = poll.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(bodies(r)).containsExactly("new1", "new2");
      assertThat(r.json().get("tail").get("seq_num").asLong()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLongPollWithoutNewRecordsReturnsEmptyAfterTheWait() {
    api.createStream(BASIN, "s", null);
    api.appendBodies(BASIN, "s", "a");
    long started = System.nanoTime();
    Reply r = ok(api.read(BASIN, "s", "seq_num=1&wait=1"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    assertThat(r.text()).isEqualTo("{\"records\":[]}");
    Reply catchUp = ok(api.read(BASIN, "s", "seq_num=0&wait=30"));
    assertThat(bodies(catchUp)).containsExactly("a");
    assertThat(catchUp.json().has("tail")).isFalse();
  }

  // --- check tail ---

  @Test
  void checkTailStartsAtZeroAndFollowsAcks() {
    api.createStream(BASIN, "s", null);
    assertThat(ok(api.tail(BASIN, "s")).text()).isEqualTo("{\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
    JsonNode ack = api.appendTimestamps(BASIN, "s", 42, 43);
    assertThat(ok(api.tail(BASIN, "s")).json().get("tail")).isEqualTo(ack.get("end"));
  }

  @Test
  void operationsOnAMissingBasinOrStreamAreNotFound() {
    assertError(api.tail("missing-basin", "s"), 404, "basin_not_found");
    assertError(api.read("missing-basin", "s", "seq_num=0"), 404, "basin_not_found");
    assertError(api.append("missing-basin", "s", "{\"records\":[{}]}"), 404, "basin_not_found");
    assertError(api.tail(BASIN, "nope"), 404, "stream_not_found");
    assertError(api.read(BASIN, "nope", "seq_num=0"), 404, "stream_not_found");
    assertError(api.append(BASIN, "nope", "{\"records\":[{}]}"), 404, "stream_not_found");
    assertError(api.send("GET", Api.records("s") + "/tail", null), 400, "bad_header");
    String tooLong = "n".repeat(513);
    assertError(api.tail(BASIN, tooLong), 400, "bad_path");
    assertError(api.read(BASIN, tooLong, "seq_num=0"), 400, "bad_path");
    assertError(api.append(BASIN, tooLong, "{\"records\":[{}]}"), 400, "bad_path");
  }

  // --- encryption ---

  void encryptedBasin(String cipher) {
    api.createBasin("enc-" + cipher, "{\"stream_cipher\":\"" + cipher + "\"}");
  }

  @Test
  void encryptedStreamsRoundTripWithTheKeyAndFailWithAnother() {
    for (String cipher : new String[] {"aegis-256", "aes-256-gcm"}) {
      encryptedBasin(cipher);
      String basin = "enc-" + cipher;
      api.createStream(basin, "s", null);
      String key = key();
      ok(api.append(basin, "s", "{\"records\":[{\"headers\":[[\"k\",\"v\"]],\"body\":\"secret\"},{\"body\":\"2\"}]}",
          "s2-encryption-key", key));
      Reply read = ok(api.read(basin, "s", "seq_num=0", "s2-encryption-key", " " + key + " "));
      assertThat(bodies(read)).containsExactly("secret", "2");
      assertThat(read.json().get("records").get(0).get("headers").toString()).isEqualTo("[[\"k\",\"v\"]]");
      Reply wrong = api.read(basin, "s", "seq_num=0", "s2-encryption-key", key());
      assertError(wrong, 400, "decryption_failed");
      assertThat(wrong.json().get("message").asText()).isEqualTo("record decryption failed");
      assertThat(api.tailSeqNum(basin, "s")).isEqualTo(2);
    }
  }

  @Test
  void encryptionKeyErrorsAreBadHeaders() {
    encryptedBasin("aegis-256");
    String basin = "enc-aegis-256";
    api.createStream(basin, "s", null);
    Reply missing = api.append(basin, "s", "{\"records\":[{}]}");
    assertError(missing, 400, "bad_header");
    assertThat(missing.json().get("message").asText()).isEqualTo("missing encryption key for stream cipher 'aegis-256'");
    Reply notB64 = api.read(basin, "s", "seq_num=0", "s2-encryption-key", "!!!!");
    assertThat(notB64.json().get("message").asText())
        .isEqualTo("invalid encryption key for stream cipher 'aegis-256': invalid base64");
    Reply shortKey = api.append(basin, "s", "{\"records\":[{}]}", "s2-encryption-key", "AAAA");
    assertThat(shortKey.json().get("message").asText())
        .isEqualTo("invalid encryption key length for stream cipher 'aegis-256': 3");
    Reply tooLong = api.append(basin, "s", "{\"records\":[{}]}", "s2-encryption-key", "A".repeat(45));
    assertThat(tooLong.json().get("message").asText())
        .isEqualTo("Invalid header `s2-encryption-key`: invalid encryption key: key material length 45 is out of range");
    assertThat(ok(api.tail(basin, "s")).json().get("tail").get("seq_num").asLong()).isZero();
    api.createStream(BASIN, "plain", null);
    ok(api.append(BASIN, "plain", "{\"records\":[{}]}", "s2-encryption-key", "AAAA"));
  }

  @Test
  void commandRecordsOnEncryptedStreamsStayPlainAndDeletionNeedsNoKey() {
    encryptedBasin("aes-256-gcm");
    String basin = "enc-aes-256-gcm";
    api.createStream(basin, "s", null);
    String key = key();
    ok(api.append(basin, "s", "{\"records\":[{\"headers\":[[\"\",\"fence\"]],\"body\":\"tok\"}]}",
        "s2-encryption-key", key));
    ok(api.append(basin, "s", "{\"records\":[{\"body\":\"x\"}],\"fencing_token\":\"tok\"}", "s2-encryption-key", key));
    Reply read = ok(api.read(basin, "s", "seq_num=0", "s2-encryption-key", key));
    assertThat(read.json().get("records").get(0).get("body").asText()).isEqualTo("tok");
    assertThat(ok(api.send("DELETE", "/v1/streams/s", null, "s2-basin", basin)).status()).isEqualTo(202);
  }

  @Test
  void protobufAppendToAnEncryptedStreamRoundTrips() {
    encryptedBasin("aes-256-gcm");
    String basin = "enc-aes-256-gcm";
    api.createStream(basin, "s", null);
    String key = key();
    Reply ack = api.appendBytes(basin, "s", Proto.appendInput(
        List.of(new Proto.Rec(null, List.of(), bytes("p"))), null, null), "application/protobuf",
        "accept", "application/protobuf", "s2-encryption-key", key);
    assertThat(Proto.appendAck(ack.body())[1].seqNum()).isEqualTo(1);
    assertThat(bodies(ok(api.read(basin, "s", "seq_num=0", "s2-encryption-key", key)))).containsExactly("p");
  }

  // --- auto-create ---

  @Test
  void appendAutoCreatesWithTheBasinsCipherWhenEnabled() {
    api.createBasin("auto-basin", "{\"create_stream_on_append\":true,\"stream_cipher\":\"aes-256-gcm\"}");
    String key = key();
    JsonNode ack = ok(api.append("auto-basin", "new", "{\"records\":[{\"body\":\"a\"}]}", "s2-encryption-key", key)).json();
    assertThat(ack.get("end").get("seq_num").asLong()).isEqualTo(1);
    Reply list = ok(api.send("GET", "/v1/streams", null, "s2-basin", "auto-basin"));
    assertThat(list.json().get("streams")).hasSize(1);
    assertThat(list.json().get("streams").get(0).get("cipher").asText()).isEqualTo("aes-256-gcm");
    assertThat(bodies(ok(api.read("auto-basin", "new", "seq_num=0", "s2-encryption-key", key)))).containsExactly("a");
    assertError(api.tail("auto-basin", "other"), 404, "stream_not_found");
  }

  @Test
  void withoutAutoCreateNothingIsCreated() {
    assertError(api.append(BASIN, "x", "{\"records\":[{}]}"), 404, "stream_not_found");
    assertError(api.read(BASIN, "x", "seq_num=0"), 404, "stream_not_found");
    assertError(api.tail(BASIN, "x"), 404, "stream_not_found");
    assertThat(ok(api.send("GET", "/v1/streams", null, "s2-basin", BASIN)).json().get("streams")).isEmpty();
  }

  @Test
  void readAndCheckTailAutoCreateWhenEnabledButInvalidReadsDoNot() {
    api.createBasin("read-basin", "{\"create_stream_on_read\":true,\"stream_cipher\":\"aegis-256\"}");
    assertError(api.read("read-basin", "r", "timestamp=5&until=5"), 422, "invalid");
    assertError(api.append("read-basin", "r", "{\"records\":[{}]}", "s2-encryption-key", key()),
        404, "stream_not_found");
    assertThat(ok(api.tail("read-basin", "t")).text()).isEqualTo("{\"tail\":{\"seq_num\":0,\"timestamp\":0}}");
    assertThat(api.read("read-basin", "r", "seq_num=0", "s2-encryption-key", key()).status()).isEqualTo(416);
    Reply list = ok(api.send("GET", "/v1/streams", null, "s2-basin", "read-basin"));
    assertThat(list.json().get("streams")).hasSize(2);
    assertThat(list.json().get("streams").get(1).get("cipher").asText()).isEqualTo("aegis-256");
  }

  @Test
  void concurrentAutoCreatingAppendsCreateExactlyOneStream() throws Exception {
    api.createBasin("race-basin", "{\"create_stream_on_append\":true,\"create_stream_on_read\":true}");
    List<Callable<Reply>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String body = "{\"records\":[{\"body\":\"" + i + "\"}]}";
      tasks.add(() -> api.append("race-basin", "raced", body));
      tasks.add(() -> api.read("race-basin", "read-raced", "seq_num=0&clamp=true&wait=0"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      for (Future<Reply> f : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
        assertThat(f.get().status()).as(f.get().toString()).isIn(200, 416);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(api.tailSeqNum("race-basin", "raced")).isEqualTo(10);
    assertThat(api.tailSeqNum("race-basin", "read-raced")).isZero();
    assertThat(ok(api.send("GET", "/v1/streams", null, "s2-basin", "race-basin")).json().get("streams")).hasSize(2);
  }

  // --- concurrency ---

  @Test
  void concurrentWritersGetDenseUniqueSeqNumsMatchingTheReadBack() throws Exception {
    api.createStream(BASIN, "s", null);
    int writers = 8;
    int batches = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<List<JsonNode>>> results = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        results.add(pool.submit(() -> {
          List<JsonNode> acks = new ArrayList<>();
          for (int b = 0; b < batches; b++) {
            int size = 1 + (writer + b) % 4;
            StringBuilder json = new StringBuilder("{\"records\":[");
            for (int i = 0; i < size; i++) {
              json.append(i == 0 ? "" : ",").append("{\"body\":\"w").append(writer).append("-b").append(b)
                  .append("-i").append(i).append("\"}");
            }
            JsonNode ack = ok(api.append(BASIN, "s", json.append("]}").toString())).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) ack).put("batch", "w" + writer + "-b" + b);
            ((com.fasterxml.jackson.databind.node.ObjectNode) ack).put("size", size);
            acks.add(ack);
          }
          return acks;
        }));
      }
      List<JsonNode> acks = new ArrayList<>();
      for (Future<List<JsonNode>> f : results) {
        acks.addAll(f.get(60, TimeUnit.SECONDS));
      }
      List<JsonNode> records = new ArrayList<>();
      long from = 0;
      while (true) {
        Reply r = api.read(BASIN, "s", "seq_num=" + from + "&count=100");
        if (r.status() == 416) {
          break;
        }
        ok(r).json().get("records").forEach(records::add);
        from = records.size();
      }
      int total = acks.stream().mapToInt(a -> a.get("size").asInt()).sum();
      assertThat(records).hasSize(total);
      for (int i = 0; i < records.size(); i++) {
        assertThat(records.get(i).get("seq_num").asLong()).isEqualTo(i);
      }
      boolean[] covered = new boolean[total];
      for (JsonNode ack : acks) {
        int start = ack.get("start").asInt(-1) < 0 ? ack.get("start").get("seq_num").asInt() : 0;
        int end = ack.get("end").get("seq_num").asInt();
        assertThat(end - start).isEqualTo(ack.get("size").asInt());
        assertThat(ack.get("tail").get("seq_num").asInt()).isGreaterThanOrEqualTo(end);
        for (int s = start; s < end; s++) {
          assertThat(covered[s]).as("seq %d acked twice", s).isFalse();
          covered[s] = true;
          assertThat(records.get(s).get("body").asText())
              .isEqualTo(ack.get("batch").asText() + "-i" + (s - start));
        }
      }
      assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentReadersSeeTheSameRecords() throws Exception {
    api.createStream(BASIN, "s", null);
    for (int i = 0; i < 20; i++) {
      api.appendBodies(BASIN, "s", "r" + i);
    }
    String expected = ok(api.read(BASIN, "s", "seq_num=0")).text();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Callable<String>> reads = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        reads.add(() -> ok(api.read(BASIN, "s", "seq_num=0")).text());
      }
      for (Future<String> f : pool.invokeAll(reads, 30, TimeUnit.SECONDS)) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reconfiguringDuringAppendsTakesEffectForLaterAppends() {
    api.createStream(BASIN, "s", null);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        ok(api.send("PATCH", "/v1/streams/s", bytes("{\"timestamping\":{\"mode\":\"arrival\"}}"),
            "content-type", "application/json", "s2-basin", BASIN));
      }
      ok(api.append(BASIN, "s", "{\"records\":[{\"timestamp\":" + (i + 1) + ",\"body\":\"" + i + "\"}]}"));
    }
    Reply read = ok(api.read(BASIN, "s", "seq_num=0"));
    assertThat(bodies(read)).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(timestamps(read).subList(0, 5)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(timestamps(read).subList(5, 10)).containsOnly(now());
  }

  // --- trim, retention, deletion, delete-on-empty ---

  static String trim(long point) {
    byte[] body = java.nio.ByteBuffer.allocate(8).putLong(point).array();
    return "{\"records\":[{\"headers\":[[\"\",\"dHJpbQ==\"]],\"body\":\"" + Base64.getEncoder().encodeToString(body)
        + "\"}]}";
  }

  @Test
  void trimDeletesRecordsBelowItsPointInTheBackgroundAndKeepsTheTail() {
    api.createStream(BASIN, "s", null);
    api.appendBodies(BASIN, "s", "0", "1", "2", "3");
    ok(api.append(BASIN, "s", trim(2), "s2-format", "base64"));
    assertThat(api.bodies(BASIN, "s")).hasSize(5);
    server.runHousekeeping();
    Reply read = ok(api.read(BASIN, "s", "seq_num=0"));
    assertThat(seqNums(read)).containsExactly(2L, 3L, 4L);
    JsonNode command = read.json().get("records").get(2);
    assertThat(command.get("headers").toString()).isEqualTo("[[\"\",\"trim\"]]");
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(5);
    assertThat(seqNums(ok(api.read(BASIN, "s", "tail_offset=5")))).containsExactly(2L, 3L, 4L);

    ok(api.append(BASIN, "s", trim(1000), "s2-format", "base64"));
    server.runHousekeeping();
    // A trim cannot go past itself: a trim to 1000 at seq 5 deletes up to and including seq 5.
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0")))).isEmpty();
    ok(api.append(BASIN, "s", trim(0), "s2-format", "base64"));
    server.runHousekeeping();
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0")))).containsExactly(6L);
  }

  @Test
  void retentionExpiresRecordsByWriteTimeWithoutMovingTheTail() {
    api.createStream(BASIN, "s", "{\"retention_policy\":{\"age\":10}}");
    api.appendBodies(BASIN, "s", "old");
    clock.advance(Duration.ofSeconds(6));
    api.appendBodies(BASIN, "s", "new");
    clock.advance(Duration.ofSeconds(5));
    assertThat(bodies(ok(api.read(BASIN, "s", "seq_num=0")))).containsExactly("new");
    server.runHousekeeping();
    assertThat(seqNums(ok(api.read(BASIN, "s", "seq_num=0")))).containsExactly(1L);
    clock.advance(Duration.ofSeconds(10));
    assertThat(ok(api.read(BASIN, "s", "seq_num=0")).json().get("records")).isEmpty();
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(2);
    api.createStream(BASIN, "forever", "{\"retention_policy\":{\"infinite\":{}}}");
    api.appendBodies(BASIN, "forever", "kept");
    clock.advance(Duration.ofDays(3650));
    server.runHousekeeping();
    assertThat(api.bodies(BASIN, "forever")).containsExactly("kept");
  }

  @Test
  void deletingAStreamRejectsAppendsAndReadsUntilTheHousekeeperRemovesIt() {
    api.createStream(BASIN, "s", null);
    api.appendBodies(BASIN, "s", "a", "b");
    assertThat(api.send("DELETE", "/v1/streams/s", null, "s2-basin", BASIN).status()).isEqualTo(202);
    assertThat(api.send("DELETE", "/v1/streams/s", null, "s2-basin", BASIN).status()).isEqualTo(202);
    assertError(api.append(BASIN, "s", "{\"records\":[{}]}"), 409, "stream_deletion_pending");
    assertError(api.read(BASIN, "s", "seq_num=0"), 409, "stream_deletion_pending");
    assertError(api.tail(BASIN, "s"), 409, "stream_deletion_pending");
    server.runHousekeeping();
    assertError(api.append(BASIN, "s", "{\"records\":[{}]}"), 404, "stream_not_found");
    assertError(api.tail(BASIN, "s"), 404, "stream_not_found");
    api.createStream(BASIN, "s", null);
    assertThat(api.tailSeqNum(BASIN, "s")).isZero();
    assertThat(api.appendBodies(BASIN, "s", "fresh").get("start").get("seq_num").asLong()).isZero();
    assertThat(api.bodies(BASIN, "s")).containsExactly("fresh");
  }

  @Test
  void aLongPollOnADeletedStreamEnds() throws Exception {
    api.createStream(BASIN, "s", null);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Reply> poll = pool.submit(() -> api.read(BASIN, "s", "seq_num=0&wait=30"));
      Thread.sleep(300);
      api.send("DELETE", "/v1/streams/s", null, "s2-basin", BASIN);
      server.runHousekeeping();
      Reply r = poll.get(10, TimeUnit.SECONDS);
      assertThat(r.status()).as(r.toString()).isIn(200, 503);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deletingABasinRemovesItsStreamsAndRecords() {
    api.createBasin("doomed-basin", null);
    api.createStream("doomed-basin", "s", null);
    api.appendBodies("doomed-basin", "s", "a");
    assertThat(api.send("DELETE", "/v1/basins/doomed-basin", null).status()).isEqualTo(202);
    assertError(api.append("doomed-basin", "s", "{\"records\":[{}]}"), 409, "basin_deletion_pending");
    server.runHousekeeping();
    assertError(api.tail("doomed-basin", "s"), 404, "basin_not_found");
    api.createBasin("doomed-basin", null);
    api.createStream("doomed-basin", "s", null);
    assertThat(api.tailSeqNum("doomed-basin", "s")).isZero();
  }

  // Delete-on-empty as s2-lite 0.43 schedules it (LITE-0.43 §5); each runHousekeeping() is a sweep.

  @Test
  void aNeverWrittenDeleteOnEmptyStreamIsDeletedAtTheFirstSweepAfterItsMinimumAge() {
    api.createStream(BASIN, "never-written", "{\"delete_on_empty\":{\"min_age_secs\":60}}");
    clock.advance(Duration.ofSeconds(59));
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "never-written")).isZero();

    clock.advance(Duration.ofSeconds(2));
    server.runHousekeeping();

    assertError(api.tail(BASIN, "never-written"), 404, "stream_not_found");
  }

  @Test
  void aStreamHoldingARecordThatNeverExpiresIsParkedUntilATrimEmptiesIt() {
    String config = "{\"delete_on_empty\":{\"min_age_secs\":60},\"retention_policy\":{\"infinite\":{}}}";
    api.createStream(BASIN, "full", config);
    api.appendBodies(BASIN, "full", "stay");
    clock.advance(Duration.ofDays(30));
    server.runHousekeeping();
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "full")).isEqualTo(1);

    // A trim past itself leaves no record (not even the command).
    ok(api.append(BASIN, "full", trim(1000), "s2-format", "base64"));
    clock.advance(Duration.ofSeconds(61));
    server.runHousekeeping();

    assertError(api.tail(BASIN, "full"), 404, "stream_not_found");
  }

  @Test
  void appendsDoNotPostponeTheCheckButARecentWriteDefersTheDeletion() {
    String config = "{\"delete_on_empty\":{\"min_age_secs\":60},\"retention_policy\":{\"infinite\":{}}}";
    api.createStream(BASIN, "s", config);
    clock.advance(Duration.ofSeconds(50));
    api.appendBodies(BASIN, "s", "x");
    ok(api.append(BASIN, "s", trim(2), "s2-format", "base64"));
    clock.advance(Duration.ofSeconds(15));
    // The trim emptied the stream, but it was written 15 s ago: not yet, again in 600 s.
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(599));
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    server.runHousekeeping();

    assertError(api.tail(BASIN, "s"), 404, "stream_not_found");
  }

  @Test
  void enablingDeleteOnEmptyOnAnEmptyStreamDeletesItAtTheNextSweep() {
    api.createStream(BASIN, "s", "{\"retention_policy\":{\"infinite\":{}}}");
    clock.advance(Duration.ofHours(2));
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "s")).isZero();

    ok(api.send("PATCH", "/v1/streams/s", bytes("{\"delete_on_empty\":{\"min_age_secs\":60}}"),
        "content-type", "application/json", "s2-basin", BASIN));
    server.runHousekeeping();

    assertError(api.tail(BASIN, "s"), 404, "stream_not_found");
  }

  @Test
  void disablingDeleteOnEmptyCancelsThePendingCheck() {
    api.createStream(BASIN, "s", "{\"delete_on_empty\":{\"min_age_secs\":60}}");
    ok(api.send("PATCH", "/v1/streams/s", bytes("{\"delete_on_empty\":null}"),
        "content-type", "application/json", "s2-basin", BASIN));

    clock.advance(Duration.ofSeconds(61));
    server.runHousekeeping();

    assertThat(api.tailSeqNum(BASIN, "s")).isZero();
  }

  @Test
  void aRecordWithFiniteRetentionDefersTheCheckToItsExpiryThenTheEmptyStreamIsDeleted() {
    api.createStream(BASIN, "s", "{\"delete_on_empty\":{\"min_age_secs\":30},\"retention_policy\":{\"age\":1000}}");
    api.appendBodies(BASIN, "s", "short-lived");
    clock.advance(Duration.ofSeconds(30));
    // Due at 30 s; the record expires at 1000 s: the next check is then.
    server.runHousekeeping();
    clock.advance(Duration.ofSeconds(969));
    server.runHousekeeping();
    assertThat(api.tailSeqNum(BASIN, "s")).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    server.runHousekeeping();

    assertError(api.tail(BASIN, "s"), 404, "stream_not_found");
  }
}

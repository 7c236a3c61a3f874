package dev.s2lite.emulator.http;

import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.AppendAck;
import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.ReadBatch;
import dev.s2lite.emulator.record.ReadRequest;
import dev.s2lite.emulator.record.RecordCipher;
import dev.s2lite.emulator.record.RecordFormat;
import dev.s2lite.emulator.record.RecordJson;
import dev.s2lite.emulator.record.RecordProto;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.record.SequencedRecord;
import dev.s2lite.emulator.session.AppendBudget;
import dev.s2lite.emulator.session.Sessions;
import dev.s2lite.emulator.stream.StreamConfig;
import dev.s2lite.emulator.stream.StreamConfigJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code /v1/streams/{stream}/records}: the unary data plane (append, read, check tail). */
public final class RecordRoutes implements Routes {

  private static final String PROTOBUF = "application/protobuf";

  private final RecordService records;
  private final SessionRoutes sessions;

  public RecordRoutes(RecordService records, SessionRoutes sessions) {
    this.records = records;
    this.sessions = sessions;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/v1/streams/{stream}/records", this::append);
    routes.get("/v1/streams/{stream}/records", this::read);
    routes.get("/v1/streams/{stream}/records/tail", this::checkTail);
  }

  private void append(Context ctx) {
    if (sessions.append(ctx)) {
      return;
    }
    String basin = Requests.basinHeader(ctx);
    String stream = StreamRoutes.streamPath(ctx);
    String key = RecordCipher.keyHeader(ctx.header("s2-encryption-key"));
    StreamConfig createConfig = createConfig(ctx);
    MediaType contentType = MediaType.parse(ctx.header("content-type"));
    AppendInput input;
    if (contentType != null && contentType.isProtobuf()) {
      // s2-format only concerns JSON bodies; protobuf carries bytes as they are.
      input = RecordProto.appendInput(Requests.body(ctx, S2Error::badProto));
    } else {
      RecordFormat format = RecordFormat.fromHeader(ctx.header("s2-format"));
      input = RecordJson.appendInput(Requests.jsonBody(ctx), format);
    }
    boolean protobufOut = wantsProtobuf(ctx);
    RecordService.ValidatedInput validated = RecordService.validate(input);
    Access access = Access.of(ctx);
    String stored = access.append(basin, stream, validated.commands());
    RecordService.Opened opened = records.openForAppend(basin, stored, key, createConfig);
    long admitted = System.nanoTime();
    respond(ctx, withinBudget(validated, () -> records.append(opened, validated, System.nanoTime() - admitted)), ack -> {
      access.appended(basin, stored, validated.meteredBytes());
      if (protobufOut) {
        Responses.bytes(ctx, 200, PROTOBUF, RecordProto.ack(ack));
      } else {
        Responses.json(ctx, 200, RecordJson.ack(ack));
      }
    });
  }

  private void read(Context ctx) {
    if (sessions.read(ctx)) {
      return;
    }
    String basin = Requests.basinHeader(ctx);
    String stream = StreamRoutes.streamPath(ctx);
    // Lite's order: the query, the key's length, s2-stream-config, then the other headers.
    ReadRequest request = readRequest(ctx);
    String key = RecordCipher.keyHeader(ctx.header("s2-encryption-key"));
    StreamConfig createConfig = createConfig(ctx);
    boolean protobufOut = wantsProtobuf(ctx);
    RecordFormat format = protobufOut ? null : RecordFormat.fromHeader(ctx.header("s2-format"));
    Access access = Access.of(ctx);
    String stored = access.stream(Operation.READ, basin, stream);
    respond(ctx, records.read(basin, stored, request, key, createConfig), batch -> {
      access.read(basin, batch.records().size(), meteredBytes(batch));
      if (protobufOut) {
        Responses.bytes(ctx, 200, PROTOBUF, RecordProto.readBatch(batch));
      } else {
        Responses.json(ctx, 200, RecordJson.readBatch(batch, format));
      }
    });
  }

  /**
   * Runs an append once its metered bytes fit in the server-wide in-flight budget, as lite admits
   * unary appends and session inputs alike; the bytes are given back with the ack.
   */
  private CompletableFuture<AppendAck> withinBudget(
      RecordService.ValidatedInput validated, Supplier<CompletableFuture<AppendAck>> append) {
    Sessions shared = sessions.sessions();
    AppendBudget budget = shared.appendBudget();
    long cost = budget.cost(validated.meteredBytes());
    CompletableFuture<AppendAck> ack = budget.take(cost, shared.executor()).thenCompose(taken -> append.get());
    ack.whenComplete((a, e) -> budget.release(cost));
    return ack;
  }

  /** The read parameters of the query string. */
  static ReadRequest readRequest(Context ctx) {
    return new ReadRequest(
        Requests.queryU64(ctx, "seq_num"),
        Requests.queryU64(ctx, "timestamp"),
        Requests.queryU64(ctx, "tail_offset"),
        Boolean.TRUE.equals(Requests.queryBoolean(ctx, "clamp")),
        Requests.queryU64(ctx, "count"),
        Requests.queryU64(ctx, "bytes"),
        Requests.queryU64(ctx, "until"),
        Requests.queryU32(ctx, "wait"));
  }

  private void checkTail(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String stream = Access.of(ctx).stream(Operation.CHECK_TAIL, basin, StreamRoutes.streamPath(ctx));
    Responses.json(ctx, 200, RecordJson.tail(records.checkTail(basin, stream)));
  }

  /** The config an auto-created stream gets ({@code s2-stream-config}); unset fields come from the basin. */
  static StreamConfig createConfig(Context ctx) {
    String header = ctx.header(StreamConfigJson.HEADER);
    return header == null ? StreamConfig.UNSET : StreamConfigJson.parseHeader(header);
  }

  /** The metered bytes of a batch's records, as they are metered for readers. */
  static long meteredBytes(ReadBatch batch) {
    long bytes = 0;
    for (SequencedRecord r : batch.records()) {
      bytes += r.meteredBytes();
    }
    return bytes;
  }

  private static boolean wantsProtobuf(Context ctx) {
    MediaType accept = MediaType.parse(ctx.header("accept"));
    return accept != null && accept.isProtobuf();
  }

  /** Answers when the future completes, without holding a thread while it waits. */
  private static <T> void respond(Context ctx, CompletableFuture<T> result, Consumer<T> render) {
    if (result.isDone()) {
      T value;
      try {
        value = result.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
      render.accept(value);
      return;
    }
    HttpServer.noIdleTimeout(ctx);
    ctx.future(() -> result.handle((value, failure) -> {
      if (failure == null) {
        render.accept(value);
        return null;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      HttpServer.renderError(ctx, cause instanceof S2Error e ? e : HttpServer.unexpected(ctx, cause));
      return null;
    }));
  }

}

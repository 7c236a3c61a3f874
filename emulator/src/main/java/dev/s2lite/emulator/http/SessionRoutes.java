package dev.s2lite.emulator.http;

import dev.s2lite.emulator.auth.Operation;
import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.metrics.ServerMetrics;
import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.StoredBatch;
import dev.s2lite.emulator.record.ReadRequest;
import dev.s2lite.emulator.record.RecordCipher;
import dev.s2lite.emulator.record.RecordFormat;
import dev.s2lite.emulator.record.RecordProto;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.record.StreamEngine;
import dev.s2lite.emulator.record.StreamPosition;
import dev.s2lite.emulator.session.AppendSession;
import dev.s2lite.emulator.session.AppendTarget;
import dev.s2lite.emulator.session.LastEventId;
import dev.s2lite.emulator.session.ReadPlan;
import dev.s2lite.emulator.session.ReadSession;
import dev.s2lite.emulator.session.ReadSink;
import dev.s2lite.emulator.session.S2sFrameEncoder;
import dev.s2lite.emulator.session.S2sReadSink;
import dev.s2lite.emulator.session.SessionInput;
import dev.s2lite.emulator.session.SessionOutput;
import dev.s2lite.emulator.session.Sessions;
import dev.s2lite.emulator.session.SseEvents;
import dev.s2lite.emulator.session.SseReadSink;
import dev.s2lite.emulator.stream.StreamConfig;
import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The streaming forms of read and append (lite §14, §15): SSE read sessions and S2S read and
 * append sessions. Everything that can fail before the session fails as a plain JSON error; then
 * the 200 and its headers go out at once, before any record or input, and the exchange runs on
 * servlet non-blocking I/O.
 */
public final class SessionRoutes {

  public static final String S2S_CONTENT_TYPE = "s2s/proto";

  private final RecordService records;
  private final Sessions sessions;

  public SessionRoutes(RecordService records, Sessions sessions) {
    this.records = records;
    this.sessions = sessions;
  }

  /** What all sessions share; unary appends take their in-flight bytes from the same budget. */
  Sessions sessions() {
    return sessions;
  }

  /** Serves a read as a session if it asks for one (S2S by Content-Type, then SSE by Accept). */
  public boolean read(Context ctx) {
    MediaType contentType = MediaType.parse(ctx.header("content-type"));
    if (contentType != null && contentType.isS2s()) {
      s2sRead(ctx);
      return true;
    }
    MediaType accept = MediaType.parse(ctx.header("accept"));
    if (accept != null && accept.isEventStream()) {
      sseRead(ctx);
      return true;
    }
    return false;
  }

  /** Serves an append as an S2S session if its Content-Type says so. */
  public boolean append(Context ctx) {
    MediaType contentType = MediaType.parse(ctx.header("content-type"));
    if (contentType == null || !contentType.isS2s()) {
      return false;
    }
    String basin = Requests.basinHeader(ctx);
    String stream = StreamRoutes.streamPath(ctx);
    String key = RecordCipher.keyHeader(ctx.header("s2-encryption-key"));
    StreamConfig createConfig = RecordRoutes.createConfig(ctx);
    Access access = Access.of(ctx);
    String stored = access.stream(Operation.APPEND, basin, stream);
    // Auto-create and the key check happen once, at session start.
    records.openForAppend(basin, stored, key, createConfig);
    S2sFrameEncoder encoder = S2sFrameEncoder.forAcceptEncoding(ctx.header("accept-encoding"));
    AppendTarget target = message -> {
      RecordService.ValidatedInput input = RecordService.validate(decodeInput(message));
      access.append(basin, stream, input.commands());
      long prepared = System.nanoTime();
      // Each input resolves the stream again, so a deletion or reconfiguration mid-session counts.
      return new AppendTarget.PreparedInput(input.meteredBytes(), () ->
          records.append(basin, stored, input, key, createConfig, System.nanoTime() - prepared)
              .thenApply(ack -> {
                access.appended(basin, stored, input.meteredBytes());
                return RecordProto.ack(ack);
              }));
    };
    begin(ctx, APPEND_SESSION, output ->
        new AppendSession(target, sessions, encoder, new SessionInput(inputStream(ctx)), output).start());
    return true;
  }

  private static AppendInput decodeInput(byte[] message) {
    try {
      return RecordProto.appendInput(message);
    } catch (S2Error e) {
      if ("bad_proto".equals(e.code())) {
        throw S2Error.badFrame(e.getMessage());
      }
      throw e;
    }
  }

  private void s2sRead(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String stream = StreamRoutes.streamPath(ctx);
    String key = RecordCipher.keyHeader(ctx.header("s2-encryption-key"));
    ReadRequest request = RecordRoutes.readRequest(ctx);
    StreamConfig createConfig = RecordRoutes.createConfig(ctx);
    S2sFrameEncoder encoder = S2sFrameEncoder.forAcceptEncoding(ctx.header("accept-encoding"));
    startRead(ctx, basin, stream, key, createConfig, request, S2S_READ_SESSION,
        new S2sReadSink(encoder));
  }

  private void sseRead(Context ctx) {
    String basin = Requests.basinHeader(ctx);
    String stream = StreamRoutes.streamPath(ctx);
    ReadRequest request = RecordRoutes.readRequest(ctx);
    String key = RecordCipher.keyHeader(ctx.header("s2-encryption-key"));
    StreamConfig createConfig = RecordRoutes.createConfig(ctx);
    RecordFormat format = RecordFormat.fromHeader(ctx.header("s2-format"));
    LastEventId resume = LastEventId.parse(ctx.header(LastEventId.HEADER));
    if (resume != null) {
      // lite §14.3: resume after the last delivered record, with what is left of the bounds.
      request = new ReadRequest(resume.seqNum() == -1L ? -1L : resume.seqNum() + 1, null, null,
          request.clamp(),
          request.count() == null ? null : saturatingSub(request.count(), resume.count()),
          request.bytes() == null ? null : saturatingSub(request.bytes(), resume.bytes()),
          request.until(), request.waitSeconds());
    }
    startRead(ctx, basin, stream, key, createConfig, request, SSE_READ_SESSION,
        new SseReadSink(format, resume));
  }

  private void startRead(Context ctx, String basin, String stream, String key,
      StreamConfig createConfig, ReadRequest request, Kind kind, ReadSink sink) {
    Access access = Access.of(ctx);
    String stored = access.stream(Operation.READ, basin, stream);
    ReadPlan plan = new ReadPlan(0, request.count(), request.bytes(), request.until(), request.waitSeconds());
    RecordService.Opened opened = records.openForRead(basin, stored, key, createConfig);
    // Registered before the start is resolved: from then on the follower is owed every append.
    // (A HEAD request gets the headers only: no session starts.)
    boolean head = ctx.req().getAttribute(RequestGate.HEAD) != null;
    StreamEngine.LiveReader live = plan.mayFollow() && !head ? opened.engine().liveReader() : null;
    ReadPlan resolved;
    try {
      // A zero count or bytes ends the session at once, whatever the start (lite 0.43).
      resolved = request.limitsToNothing() ? plan : plan.withStart(
          RecordService.startSeqNum(opened.engine(), opened.engine().tail(), request, plan.mayFollow()));
    } catch (RuntimeException e) {
      if (live != null) {
        live.close();
      }
      throw e;
    }
    long startMillis = sessions.nowMillis();
    ReadSink metered = new ReadSink() {
      @Override
      public byte[] batch(StoredBatch batch, LastEventId delivered) {
        // Encoded first: a batch the reader's key cannot open is not metered.
        byte[] message = sink.batch(batch, delivered);
        access.read(basin, batch.records().size(), batch.meteredBytes());
        return message;
      }

      @Override
      public byte[] heartbeat(StreamPosition tail, long nowMillis) {
        return sink.heartbeat(tail, nowMillis);
      }

      @Override
      public byte[] error(S2Error error) {
        return sink.error(error);
      }

      @Override
      public byte[] end() {
        return sink.end();
      }
    };
    begin(ctx, kind, output -> {
      output.done().whenComplete((v, e) -> access.usage().streamingRead(basin, startMillis));
      new ReadSession(sessions, opened.engine(), opened.cipher(), resolved, live, metered, output).start();
    });
  }

  private static long saturatingSub(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? 0 : a - b;
  }

  private interface Starter {
    void start(SessionOutput output);
  }

  /** The kinds of session, as {@code s2lite_sessions_*} name them. */
  private record Kind(String name, String contentType) {}

  private static final Kind APPEND_SESSION = new Kind("s2s-append", S2S_CONTENT_TYPE);
  private static final Kind S2S_READ_SESSION = new Kind("s2s-read", S2S_CONTENT_TYPE);
  private static final Kind SSE_READ_SESSION = new Kind("sse-read", SseEvents.CONTENT_TYPE);
  private static final String SESSION = "s2lite.session";

  /** Whether the request is being served as a session (not a unary call). */
  static boolean isSession(Context ctx) {
    return ctx.attribute(SESSION) != null;
  }

  /** Sends 200 with the streaming headers and hands the exchange to a session, asynchronously. */
  private static void begin(Context ctx, Kind kind, Starter starter) {
    ctx.attribute(SESSION, kind.name());
    ctx.status(200);
    ctx.contentType(kind.contentType());
    ctx.header("cache-control", "no-cache, no-transform");
    ctx.header("x-accel-buffering", "no");
    if (ctx.req().getAttribute(RequestGate.HEAD) != null) {
      // HEAD: the session's headers and no body (lite drops the stream at once).
      ctx.result(new byte[0]);
      return;
    }
    ServerMetrics metrics = Access.of(ctx).metrics();
    metrics.sessionStarted(kind.name());
    HttpServer.noIdleTimeout(ctx);
    ctx.future(() -> {
      // Javalin has started async processing; sessions end it by completing this future.
      AsyncContext async = ctx.req().getAsyncContext();
      async.setTimeout(0);
      SessionOutput output = new SessionOutput(outputStream(ctx), async);
      output.done().whenComplete((v, e) -> metrics.sessionEnded(kind.name()));
      Integer dropAfter = ctx.attribute(FaultFilter.DROP_AFTER);
      if (dropAfter != null) {
        output.dropAfter(dropAfter, () -> Connections.abort(ctx.req()));
      }
      starter.start(output);
      return output.done().thenApply(v -> null);
    });
  }

  private static ServletOutputStream outputStream(Context ctx) {
    try {
      return ctx.res().getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ServletInputStream inputStream(Context ctx) {
    try {
      return ctx.req().getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.record.AppendInput;
import dev.s2lite.emulator.record.RecordCipher;
import dev.s2lite.emulator.record.RecordFormat;
import dev.s2lite.emulator.record.RecordProto;
import dev.s2lite.emulator.record.RecordService;
import dev.s2lite.emulator.record.ReadRequest;
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
    // Auto-create and the key check happen once, at session start.
    records.openForAppend(basin, stream, key, createConfig);
    S2sFrameEncoder encoder = S2sFrameEncoder.forAcceptEncoding(ctx.header("accept-encoding"));
    AppendTarget target = message -> {
      RecordService.ValidatedInput input = RecordService.validate(decodeInput(message));
      // Each input resolves the stream again, so a deletion or reconfiguration mid-session counts.
      return new AppendTarget.PreparedInput(input.meteredBytes(),
          () -> records.append(basin, stream, input, key, createConfig).thenApply(RecordProto::ack));
    };
    begin(ctx, S2S_CONTENT_TYPE, output ->
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
    startRead(ctx, basin, stream, key, createConfig, request, S2S_CONTENT_TYPE,
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
    startRead(ctx, basin, stream, key, createConfig, request, SseEvents.CONTENT_TYPE,
        new SseReadSink(format, resume));
  }

  private void startRead(Context ctx, String basin, String stream, String key,
      StreamConfig createConfig, ReadRequest request, String contentType, ReadSink sink) {
    ReadPlan plan = new ReadPlan(0, request.count(), request.bytes(), request.until(), request.waitSeconds());
    RecordService.Opened opened = records.openForRead(basin, stream, key, createConfig);
    // A zero count or bytes ends the session at once, whatever the start (lite 0.43).
    ReadPlan resolved = request.limitsToNothing() ? plan : plan.withStart(
        RecordService.startSeqNum(opened.engine(), opened.engine().tail(), request, plan.mayFollow()));
    begin(ctx, contentType, output ->
        new ReadSession(sessions, opened.engine(), opened.cipher(), resolved, sink, output).start());
  }

  private static long saturatingSub(long a, long b) {
    return Long.compareUnsigned(a, b) <= 0 ? 0 : a - b;
  }

  private interface Starter {
    void start(SessionOutput output);
  }

  /** Sends 200 with the streaming headers and hands the exchange to a session, asynchronously. */
  private static void begin(Context ctx, String contentType, Starter starter) {
    ctx.status(200);
    ctx.contentType(contentType);
    ctx.header("cache-control", "no-cache, no-transform");
    ctx.header("x-accel-buffering", "no");
    if (ctx.req().getAttribute(RequestGate.HEAD) != null) {
      // HEAD: the session's headers and no body (lite drops the stream at once).
      ctx.result(new byte[0]);
      return;
    }
    HttpServer.noIdleTimeout(ctx);
    ctx.future(() -> {
      // Javalin has started async processing; sessions end it by completing this future.
      AsyncContext async = ctx.req().getAsyncContext();
      async.setTimeout(0);
      SessionOutput output = new SessionOutput(outputStream(ctx), async);
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

package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S2S append session (lite §15.3): AppendInput frames in, AppendAck frames out in the same
 * order, each once durable. Inputs are sequenced as they arrive, without waiting for earlier ones
 * to be durable. The first failure stops input; acks of earlier inputs still go out, then a
 * terminal frame with the error. A half-close ends the session after the outstanding acks.
 */
public final class AppendSession implements SessionInput.Listener, SessionOutput.Listener, Sessions.Live {

  private static final Logger LOG = LoggerFactory.getLogger(AppendSession.class);

  private final AppendTarget target;
  private final Sessions sessions;
  private final AppendBudget budget;
  private final S2sFrameEncoder encoder;
  private final SessionInput input;
  private final SessionOutput output;
  private final S2sFrameDecoder decoder = new S2sFrameDecoder();
  private final ArrayDeque<Inflight> inflight = new ArrayDeque<>();

  private record Inflight(CompletableFuture<byte[]> ack, long cost) {}

  // Guarded by this.
  private AppendTarget.PreparedInput waitingForBudget;
  private boolean inputDone;
  /** The first input that failed to sequence or become durable; its error ends the session. */
  private S2Error appendFailure;
  /** A bad input after every sequenced one: reported once their acks are out. */
  private S2Error inputFailure;
  private boolean finished;

  public AppendSession(AppendTarget target, Sessions sessions, S2sFrameEncoder encoder,
      SessionInput input, SessionOutput output) {
    this.target = target;
    this.sessions = sessions;
    this.budget = sessions.appendBudget();
    this.encoder = encoder;
    this.input = input;
    this.output = output;
  }

  /** Reads first (so an {@code Expect: 100-continue} is answered), then commits the headers. */
  public void start() {
    input.start(this);
    output.start(this);
    sessions.joined(this);
  }

  /** Takes no more input: inputs already admitted are acked, then a terminal 503 so the client retries the rest. */
  @Override
  public void serverStopping() {
    synchronized (this) {
      if (inputDone) {
        return;
      }
      // An input still waiting for budget was not admitted: it is dropped and its budget given back when granted.
      waitingForBudget = null;
      inputFailed(S2Error.unavailable("the server is shutting down"));
    }
  }

  @Override
  public void onBytes(byte[] bytes, int offset, int length) {
    sessions.active();
    synchronized (this) {
      if (inputDone) {
        return;
      }
      decoder.feed(bytes, offset, length);
      processFrames();
      if (waitingForBudget != null) {
        input.pause();
      }
    }
  }

  /** Handles complete frames until one waits for budget or input is over. Holds this. */
  private void processFrames() {
    while (!inputDone && waitingForBudget == null) {
      S2sFrame frame;
      try {
        frame = decoder.next();
      } catch (S2sFrameException e) {
        inputFailed(S2Error.badFrame(e.getMessage()));
        return;
      }
      if (frame == null) {
        return;
      }
      if (frame instanceof S2sFrame.Terminal) {
        inputFailed(S2Error.badFrame("unexpected terminal frame from the client"));
        return;
      }
      AppendTarget.PreparedInput prepared;
      try {
        prepared = target.prepare(((S2sFrame.Message) frame).payload());
      } catch (RuntimeException | OutOfMemoryError e) {
        inputFailed(asS2Error(e));
        return;
      }
      long cost = budget.cost(prepared.meteredBytes());
      waitingForBudget = prepared;
      if (budget.acquire(cost, () -> budgetGranted(cost))) {
        waitingForBudget = null;
        sequence(prepared, cost);
      }
    }
  }

  /** Runs on the thread that released budget, outside any session's lock. */
  private void budgetGranted(long cost) {
    boolean giveBack = false;
    boolean resume = false;
    synchronized (this) {
      AppendTarget.PreparedInput prepared = waitingForBudget;
      waitingForBudget = null;
      if (finished || prepared == null) {
        giveBack = true;
      } else {
        sequence(prepared, cost);
        processFrames();
        maybeFinish();
        resume = !inputDone && waitingForBudget == null;
      }
    }
    if (giveBack) {
      budget.release(cost);
    }
    if (resume) {
      input.resume();
    }
  }

  /** Sequences now, in arrival order; its ack goes out when it and all before it are done. Holds this. */
  private void sequence(AppendTarget.PreparedInput prepared, long cost) {
    CompletableFuture<byte[]> ack;
    try {
      ack = prepared.append().get();
    } catch (RuntimeException | OutOfMemoryError e) {
      ack = CompletableFuture.failedFuture(asS2Error(e));
    }
    inflight.add(new Inflight(ack, cost));
    if (ack.isCompletedExceptionally()) {
      // Poisoned: nothing after a failed input is applied.
      input.stop();
      inputDone = true;
    }
    ack.whenCompleteAsync((a, e) -> sendAcks(), sessions::execute);
  }

  private void sendAcks() {
    List<Long> released = new ArrayList<>();
    synchronized (this) {
      while (!inflight.isEmpty() && inflight.peek().ack().isDone()) {
        Inflight head = inflight.poll();
        released.add(head.cost());
        if (appendFailure != null || finished) {
          continue;
        }
        try {
          output.send(encoder.message(head.ack().join()));
        } catch (CompletionException e) {
          appendFailure = asS2Error(e.getCause());
          inputDone = true;
          input.stop();
        }
      }
      maybeFinish();
    }
    released.forEach(budget::release);
  }

  private static S2Error asS2Error(Throwable t) {
    if (t instanceof S2Error e) {
      return e;
    }
    if (t instanceof OutOfMemoryError) {
      return S2Error.outOfMemory();
    }
    LOG.error("append in a session failed", t);
    return S2Error.other(String.valueOf(t));
  }

  private void inputFailed(S2Error error) {
    input.stop();
    inputDone = true;
    inputFailure = error;
    maybeFinish();
  }

  /** Once input is over and the acks before any failure are out: the terminal frame, the end. Holds this. */
  private void maybeFinish() {
    if (finished || !inputDone || waitingForBudget != null) {
      return;
    }
    if (appendFailure == null && !inflight.isEmpty()) {
      return;
    }
    finished = true;
    sessions.left(this);
    S2Error terminal = appendFailure != null ? appendFailure : inputFailure;
    if (terminal != null) {
      output.send(S2sFrameEncoder.terminal(terminal.status(), terminal.body()));
    }
    output.finish();
  }

  @Override
  public void onEnd() {
    synchronized (this) {
      if (inputDone) {
        return;
      }
      if (decoder.hasPartialFrame()) {
        inputFailed(S2Error.badFrame("the request body ended inside a frame"));
        return;
      }
      inputDone = true;
      maybeFinish();
    }
  }

  @Override
  public void onFailure(Throwable cause) {
    output.abandon(cause);
  }

  @Override
  public void onDrained() {}

  @Override
  public void onClosed(Throwable cause) {
    if (cause == null) {
      return;
    }
    synchronized (this) {
      finished = true;
      inputDone = true;
    }
    sessions.left(this);
    input.stop();
  }
}

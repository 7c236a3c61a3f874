package dev.s2lite.emulator.session;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The request body of an append session, read with servlet non-blocking I/O: bytes are handed on
 * as they arrive, and reading can be paused (backpressure) and resumed from any thread.
 * {@link #pause} and {@link #stop} take no lock, so a listener may call them while holding its own.
 */
public final class SessionInput implements ReadListener {

  /** Receives the body's bytes, its end, or the failure to read it. */
  public interface Listener {
    void onBytes(byte[] bytes, int offset, int length);

    void onEnd();

    void onFailure(Throwable cause);
  }

  private final ServletInputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private final Object pumpLock = new Object();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile boolean paused;
  private Listener listener;

  public SessionInput(ServletInputStream in) {
    this.in = in;
  }

  public void start(Listener listener) {
    this.listener = listener;
    in.setReadListener(this);
  }

  /** Stops handing on bytes until {@link #resume}; the peer is held back by flow control. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    pump();
  }

  /** Reads no more, for good. */
  public void stop() {
    stopped.set(true);
  }

  @Override
  public void onDataAvailable() {
    pump();
  }

  @Override
  public void onAllDataRead() {
    if (stopped.compareAndSet(false, true)) {
      listener.onEnd();
    }
  }

  @Override
  public void onError(Throwable t) {
    if (stopped.compareAndSet(false, true)) {
      listener.onFailure(t);
    }
  }

  private void pump() {
    Throwable failure = null;
    synchronized (pumpLock) {
      try {
        while (!paused && !stopped.get() && in.isReady()) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          if (n > 0) {
            listener.onBytes(buffer, 0, n);
          }
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null && stopped.compareAndSet(false, true)) {
      listener.onFailure(failure);
    }
  }
}

package dev.s2lite.emulator.session;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The response side of a session, written with servlet non-blocking I/O so an idle session holds
 * no thread. Any thread may {@link #send} a message; it is queued and written as soon as the
 * connection takes it, and flushed whenever the queue runs empty (so each message leaves promptly).
 * The first flush commits the response headers.
 */
public final class SessionOutput implements WriteListener {

  /** Told when queued bytes were written (so producers may add more) and when the peer is gone. */
  public interface Listener {
    void onDrained();

    void onClosed(Throwable cause);
  }

  private final ServletOutputStream out;
  private final AsyncContext async;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private Listener listener;
  private long queuedBytes;
  private boolean flushNeeded = true;
  private boolean finishing;
  private boolean closed;
  /** Messages still to send before a fault rule drops the session; -1 for no such rule. */
  private long messagesBeforeDrop = -1;
  private boolean dropping;
  private Runnable dropper;

  public SessionOutput(ServletOutputStream out, AsyncContext async) {
    this.out = out;
    this.async = async;
  }

  /** Starts writing; the headers leave with the first flush. */
  public void start(Listener listener) {
    this.listener = listener;
    out.setWriteListener(this);
  }

  /** Completes when the response is fully written; then the exchange ends normally. */
  public CompletableFuture<Void> done() {
    return done;
  }

  /**
   * Makes the session end abruptly instead of sending its {@code (messages + 1)}th message: once
   * the first {@code messages} are written, {@code drop} breaks the exchange (a fault rule's
   * "drop the session").
   */
  public synchronized void dropAfter(long messages, Runnable drop) {
    messagesBeforeDrop = messages;
    dropper = drop;
  }

  public void send(byte[] message) {
    synchronized (this) {
      if (closed || finishing || dropping) {
        return;
      }
      if (messagesBeforeDrop == 0) {
        dropping = true;
      } else {
        if (messagesBeforeDrop > 0) {
          messagesBeforeDrop--;
        }
        queue.add(message);
        queuedBytes += message.length;
      }
    }
    drain();
  }

  /** Bytes accepted but not yet handed to the connection. */
  public synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** Ends the response normally once everything queued is written. */
  public void finish() {
    synchronized (this) {
      finishing = true;
    }
    drain();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public void onWritePossible() {
    drain();
  }

  @Override
  public void onError(Throwable t) {
    abandon(t);
  }

  /** Gives up on the response (peer gone or broken); nothing more is written. */
  public void abandon(Throwable cause) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      queuedBytes = 0;
    }
    // The exchange is broken: end it here, never through the normal completion (which writes).
    try {
      async.complete();
    } catch (IllegalStateException alreadyEnded) {
      // the container ended it already
    }
    notifyClosed(cause);
  }

  private void drain() {
    boolean wrote = false;
    boolean completed = false;
    boolean drop = false;
    Throwable failure = null;
    synchronized (this) {
      try {
        while (!closed && listener != null && out.isReady()) {
          byte[] next = queue.poll();
          if (next != null) {
            queuedBytes -= next.length;
            out.write(next);
            flushNeeded = true;
            wrote = true;
          } else if (flushNeeded) {
            flushNeeded = false;
            out.flush();
          } else {
            if (dropping) {
              drop = true;
            } else if (finishing) {
              closed = true;
              completed = true;
            }
            break;
          }
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }
    if (drop) {
      dropper.run();
      abandon(new IOException("session dropped by a fault rule"));
      return;
    }
    if (failure != null) {
      abandon(failure);
      return;
    }
    if (completed) {
      done.complete(null);
      notifyClosed(null);
    } else if (wrote) {
      listener.onDrained();
    }
  }

  private void notifyClosed(Throwable cause) {
    if (listener != null) {
      listener.onClosed(cause);
    }
  }
}

package dev.s2lite.emulator.journal;

import dev.s2lite.emulator.fault.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The last requests the server received (S2 API requests; not admin or dashboard ones), oldest
 * first, in bounded memory: at most {@link #capacity()} entries, each keeping only a summary of
 * its body. An entry appears when the request arrives and is completed when the response ends, so
 * an open session is visible while it runs.
 *
 * <pre>{@code
 * List<JournalEntry> appends = s2.journal().requests(JournalQuery.operation(Operation.APPEND));
 * assertThat(appends).extracting(JournalEntry::status).containsExactly(503, 200);
 * s2.journal().clear();
 * }</pre>
 */
public final class Journal {

  /** Characters of a text body an entry keeps. */
  public static final int BODY_TEXT_CHARS = 1024;
  /** The default number of entries kept. */
  public static final int DEFAULT_CAPACITY = 1000;
  private static final int HEADER_VALUE_CHARS = 1024;
  private static final String REDACTED = "<redacted>";

  private final Clock clock;
  private final int capacity;
  private final ArrayDeque<Recording> entries = new ArrayDeque<>();
  private long nextId = 1;
  private long dropped;

  /** @param capacity entries kept (the oldest go first); 0 turns the journal off */
  public Journal(Clock clock, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("journal capacity must not be negative, got " + capacity);
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  /** How many entries are kept at most; 0 when the journal is off. */
  public int capacity() {
    return capacity;
  }

  /** How many entries were pushed out by newer ones since the last {@link #clear()}. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Every kept entry, oldest first. */
  public List<JournalEntry> requests() {
    return requests(e -> true);
  }

  /** The kept entries that {@code filter} accepts (e.g. a {@link JournalQuery}), oldest first. */
  public List<JournalEntry> requests(Predicate<? super JournalEntry> filter) {
    List<Recording> copy;
    synchronized (this) {
      copy = new ArrayList<>(entries);
    }
    List<JournalEntry> out = new ArrayList<>(copy.size());
    for (Recording r : copy) {
      JournalEntry e = r.entry();
      if (filter.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The last {@code n} entries that {@code filter} accepts, oldest first. */
  public List<JournalEntry> last(int n, Predicate<? super JournalEntry> filter) {
    List<JournalEntry> all = requests(filter);
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  /** Forgets every entry; ids keep counting. */
  public synchronized void clear() {
    entries.clear();
    dropped = 0;
  }

  /**
   * Starts an entry for a request that just arrived; the HTTP layer feeds it the body as it is
   * read and completes it with the status.
   *
   * @param headers name-value pairs in arrival order; secrets are redacted here
   */
  public Recording begin(String method, String path, Operation operation, String basin, String stream,
      List<Map.Entry<String, String>> headers) {
    Recording r = new Recording(clock.instant(), method, path, operation, basin, stream, redact(headers));
    if (capacity == 0) {
      return r;
    }
    synchronized (this) {
      r.id = nextId++;
      if (entries.size() == capacity) {
        entries.removeFirst();
        dropped++;
      }
      entries.addLast(r);
    }
    return r;
  }

  private static List<Map.Entry<String, String>> redact(List<Map.Entry<String, String>> headers) {
    List<Map.Entry<String, String>> out = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      String value = h.getValue();
      if (name.equals("authorization") || name.equals("proxy-authorization")) {
        int space = value.indexOf(' ');
        value = space > 0 ? value.substring(0, space) + " " + REDACTED : REDACTED;
      } else if (name.equals("s2-encryption-key") || name.equals("cookie")) {
        value = REDACTED;
      } else if (value.length() > HEADER_VALUE_CHARS) {
        value = value.substring(0, HEADER_VALUE_CHARS) + "...";
      }
      out.add(Map.entry(name, value));
    }
    return List.copyOf(out);
  }

  /** A request being recorded: the HTTP layer tells it the body, a fault, and the end. */
  public static final class Recording {
    private final Instant at;
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String path;
    private final Operation operation;
    private final String basin;
    private final String stream;
    private final List<Map.Entry<String, String>> headers;
    private final String contentType;
    private final String contentEncoding;
    private final boolean textual;
    private long id;
    // Guarded by this.
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private long bodyBytes;
    private String faultRule;
    private int status;
    private long durationNanos = -1;

    private Recording(Instant at, String method, String path, Operation operation, String basin,
        String stream, List<Map.Entry<String, String>> headers) {
      this.at = at;
      this.method = method;
      this.path = path;
      this.operation = operation;
      this.basin = basin;
      this.stream = stream;
      this.headers = headers;
      this.contentType = first(headers, "content-type");
      this.contentEncoding = first(headers, "content-encoding");
      this.textual = contentEncoding == null && isText(contentType);
    }

    private static String first(List<Map.Entry<String, String>> headers, String name) {
      return headers.stream().filter(h -> h.getKey().equals(name)).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }

    private static boolean isText(String contentType) {
      if (contentType == null) {
        return false;
      }
      String type = contentType.toLowerCase(Locale.ROOT);
      return type.startsWith("text/") || type.contains("json");
    }

    /** Body bytes as the server reads them (only the first few are kept, as text). */
    public synchronized void body(byte[] bytes, int offset, int length) {
      bodyBytes += length;
      int room = BODY_TEXT_CHARS * 4 + 4 - text.size();
      if (textual && room > 0) {
        text.write(bytes, offset, Math.min(room, length));
      }
    }

    public synchronized void fault(String ruleId) {
      faultRule = ruleId;
    }

    /** The response has ended (or the exchange broke) with this status. */
    public synchronized void complete(int responseStatus) {
      if (durationNanos < 0) {
        status = responseStatus;
        durationNanos = System.nanoTime() - startNanos;
      }
    }

    /** The response status is known (a session's headers went out); the request goes on. */
    public synchronized void status(int responseStatus) {
      status = responseStatus;
    }

    synchronized JournalEntry entry() {
      boolean completed = durationNanos >= 0;
      Duration duration = Duration.ofNanos(completed ? durationNanos : System.nanoTime() - startNanos);
      String bodyText = null;
      boolean truncated = false;
      if (textual && bodyBytes > 0) {
        bodyText = decode(text.toByteArray());
        truncated = bodyText.length() > BODY_TEXT_CHARS || bodyBytes > text.size();
        if (bodyText.length() > BODY_TEXT_CHARS) {
          bodyText = bodyText.substring(0, BODY_TEXT_CHARS);
        }
      }
      JournalEntry.BodySummary body = new JournalEntry.BodySummary(
          bodyBytes, contentType, contentEncoding, bodyText, truncated);
      return new JournalEntry(id, at, method, path, operation, basin, stream, headers, body, status,
          duration, faultRule, completed);
    }

    private static String decode(byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .decode(ByteBuffer.wrap(bytes)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalStateException("replacing decoders do not fail", e);
      }
    }
  }
}

package dev.s2lite.emulator.store.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small S3-compatible server for tests, over real HTTP on loopback, implementing the
 * operations the S3 store uses (path-style PutObject with {@code If-None-Match}/{@code If-Match},
 * GetObject, HeadObject, DeleteObject, DeleteObjects, ListObjectsV2, CreateBucket) with truly
 * atomic conditional writes: a check and its write happen under one lock. s3proxy's are not
 * atomic under races, so fencing races are tested here. It can also keep objects in files (for
 * data larger than the test heap), and fail chosen requests.
 */
final class AtomicS3Server implements AutoCloseable {

  /** What a fault rule sees of a request. */
  record Request(String method, String bucket, String key) {}

  private record Fault(Predicate<Request> matches, int status, AtomicInteger remaining, boolean afterApplying) {}

  private final HttpServer http;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final Map<String, NavigableMap<String, String>> buckets = new ConcurrentHashMap<>();
  private final Path directory;
  private final Object writeLock = new Object();
  private final boolean honourConditions;
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> memory = new ConcurrentHashMap<>();
  private final AtomicInteger fileNames = new AtomicInteger();

  /**
   * @param directory where object bodies go, or null to keep them on the heap
   * @param honourConditions false to ignore {@code If-None-Match} and {@code If-Match}, as some
   *     S3-compatible servers do
   */
  AtomicS3Server(Path directory, boolean honourConditions) {
    // Without it, small responses wait for delayed ACKs (tens of ms per request).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.directory = directory;
    this.honourConditions = honourConditions;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  static AtomicS3Server inMemory() {
    return new AtomicS3Server(null, true);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  AwsSettings aws() {
    return new AwsSettings(endpoint(), "us-east-1",
        new AwsSettings.StaticCredentials("test-key", "test-secret", null), false);
  }

  void createBucket(String name) {
    buckets.putIfAbsent(name, new ConcurrentSkipListMap<>());
  }

  /** Answers the next {@code times} requests that match with {@code status} (an S3 error). */
  void fail(Predicate<Request> matches, int status, int times) {
    faults.add(new Fault(matches, status, new AtomicInteger(times), false));
  }

  /** Carries out the next {@code times} matching requests, then answers 500 as if it had not (a lost response). */
  void failAfterApplying(Predicate<Request> matches, int times) {
    faults.add(new Fault(matches, 500, new AtomicInteger(times), true));
  }

  void clearFaults() {
    faults.clear();
  }

  /** The keys of a bucket, in order. */
  List<String> keys(String bucket) {
    return new ArrayList<>(buckets.getOrDefault(bucket, new ConcurrentSkipListMap<>()).keySet());
  }

  byte[] object(String bucket, String key) {
    String ref = buckets.get(bucket).get(key);
    return ref == null ? null : load(ref);
  }

  /** Replaces an object's bytes behind the store's back (corruption tests). */
  void overwrite(String bucket, String key, byte[] bytes) {
    buckets.get(bucket).put(key, save(bytes));
  }

  private String save(byte[] bytes) {
    String ref = "obj-" + fileNames.incrementAndGet();
    if (directory == null) {
      memory.put(ref, bytes);
    } else {
      try {
        Files.write(directory.resolve(ref), bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ref;
  }

  private byte[] load(String ref) {
    if (directory == null) {
      return memory.get(ref);
    }
    try {
      return Files.readAllBytes(directory.resolve(ref));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void discard(String ref) {
    if (ref == null) {
      return;
    }
    if (directory == null) {
      memory.remove(ref);
    } else {
      try {
        Files.deleteIfExists(directory.resolve(ref));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- HTTP ---

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String rest = path.startsWith("/") ? path.substring(1) : path;
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      String method = ex.getRequestMethod();
      byte[] body = readBody(ex);
      Request request = new Request(method, bucket, key);
      Fault after = null;
      for (Fault f : faults) {
        if (f.matches().test(request) && f.remaining().getAndDecrement() > 0) {
          if (f.afterApplying()) {
            after = f;
            break;
          }
          error(ex, f.status(), f.status() == 503 ? "SlowDown" : "InternalError", "injected failure");
          return;
        }
      }
      if (after != null) {
        respondLater(ex, method, bucket, key, body);
        return;
      }
      if (key.isEmpty()) {
        bucketRequest(ex, method, bucket, query, body);
        return;
      }
      NavigableMap<String, String> objects = buckets.get(bucket);
      if (objects == null) {
        error(ex, 404, "NoSuchBucket", "The specified bucket does not exist");
        return;
      }
      switch (method) {
        case "PUT" -> put(ex, objects, key, body);
        case "GET", "HEAD" -> {
          String ref = objects.get(key);
          if (ref == null) {
            error(ex, 404, "NoSuchKey", "The specified key does not exist.");
            return;
          }
          byte[] bytes = load(ref);
          ex.getResponseHeaders().set("ETag", etag(bytes));
          ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
          if (method.equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
            ex.sendResponseHeaders(200, -1);
          } else {
            ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            ex.getResponseBody().write(bytes);
          }
        }
        case "DELETE" -> {
          synchronized (writeLock) {
            discard(objects.remove(key));
          }
          ex.sendResponseHeaders(204, -1);
        }
        default -> error(ex, 405, "MethodNotAllowed", method);
      }
    } catch (RuntimeException e) {
      error(ex, 500, "InternalError", e.toString());
    }
  }

  /** Applies the request against a throw-away exchange, then answers 500. */
  private void respondLater(HttpExchange ex, String method, String bucket, String key, byte[] body)
      throws IOException {
    NavigableMap<String, String> objects = buckets.get(bucket);
    if (method.equals("PUT") && objects != null && !key.isEmpty()) {
      synchronized (writeLock) {
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        if (!honourConditions || conditionHolds(objects.get(key), ifNoneMatch, ifMatch)) {
          discard(objects.put(key, save(body)));
        }
      }
    }
    error(ex, 500, "InternalError", "injected failure after applying the request");
  }

  private void put(HttpExchange ex, NavigableMap<String, String> objects, String key, byte[] body)
      throws IOException {
    String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
    String ref = save(body);
    String previous;
    synchronized (writeLock) {
      if (honourConditions && !conditionHolds(objects.get(key), ifNoneMatch, ifMatch)) {
        discard(ref);
        error(ex, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        return;
      }
      previous = objects.put(key, ref);
    }
    discard(previous);
    ex.getResponseHeaders().set("ETag", etag(body));
    ex.sendResponseHeaders(200, -1);
  }

  private boolean conditionHolds(String existingRef, String ifNoneMatch, String ifMatch) {
    if (ifNoneMatch != null && ifNoneMatch.trim().equals("*") && existingRef != null) {
      return false;
    }
    if (ifMatch != null) {
      return existingRef != null && etag(load(existingRef)).equals(ifMatch.trim());
    }
    return true;
  }

  private void bucketRequest(HttpExchange ex, String method, String bucket, Map<String, String> query, byte[] body)
      throws IOException {
    if (method.equals("PUT")) {
      createBucket(bucket);
      ex.sendResponseHeaders(200, -1);
      return;
    }
    NavigableMap<String, String> objects = buckets.get(bucket);
    if (objects == null) {
      error(ex, 404, "NoSuchBucket", "The specified bucket does not exist");
      return;
    }
    if (method.equals("POST") && query.containsKey("delete")) {
      Matcher m = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL).matcher(new String(body, StandardCharsets.UTF_8));
      synchronized (writeLock) {
        while (m.find()) {
          discard(objects.remove(unescape(m.group(1))));
        }
      }
      xml(ex, "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>");
      return;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      list(ex, bucket, objects, query);
      return;
    }
    error(ex, 405, "MethodNotAllowed", method);
  }

  private void list(HttpExchange ex, String bucket, NavigableMap<String, String> objects, Map<String, String> query)
      throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    int max = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
    String after = query.containsKey("continuation-token") ? query.get("continuation-token")
        : query.getOrDefault("start-after", "");
    boolean urlEncoding = "url".equals(query.get("encoding-type"));
    List<String> keys = new ArrayList<>();
    boolean truncated = false;
    for (String k : objects.tailMap(after, false).keySet()) {
      if (!k.startsWith(prefix)) {
        if (k.compareTo(prefix) > 0) {
          break;
        }
        continue;
      }
      if (keys.size() == max) {
        truncated = true;
        break;
      }
      keys.add(k);
    }
    StringBuilder xml = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    xml.append("<Name>").append(bucket).append("</Name><Prefix>").append(escape(prefix)).append("</Prefix>");
    xml.append("<KeyCount>").append(keys.size()).append("</KeyCount><MaxKeys>").append(max).append("</MaxKeys>");
    if (urlEncoding) {
      xml.append("<EncodingType>url</EncodingType>");
    }
    xml.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (truncated) {
      xml.append("<NextContinuationToken>").append(escape(keys.get(keys.size() - 1))).append("</NextContinuationToken>");
    }
    for (String k : keys) {
      String shown = urlEncoding ? URLEncoder.encode(k, StandardCharsets.UTF_8).replace("%2F", "/") : escape(k);
      byte[] bytes = load(objects.get(k));
      xml.append("<Contents><Key>").append(shown).append("</Key><Size>").append(bytes == null ? 0 : bytes.length)
          .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    xml.append("</ListBucketResult>");
    xml(ex, xml.toString());
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readAllBytes();
    }
    String sha = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    if ((sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"))) {
      return decodeAwsChunked(raw);
    }
    return raw;
  }

  /** aws-chunked framing: {@code hex-size[;chunk-signature=...]\r\n data \r\n}, ending with size 0 and trailers. */
  private static byte[] decodeAwsChunked(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int pos = 0;
    while (pos < raw.length) {
      int lineEnd = indexOf(raw, pos);
      String header = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int semi = header.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
      pos = lineEnd + 2;
      if (size == 0) {
        break;
      }
      out.write(raw, pos, size);
      pos += size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] raw, int from) {
    for (int i = from; i + 1 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("bad aws-chunked body");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(name, value);
    }
    return out;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&amp;", "&");
  }

  private static void xml(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
        + escape(message) + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}

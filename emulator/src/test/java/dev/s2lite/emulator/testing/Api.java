package dev.s2lite.emulator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.s2lite.emulator.S2LiteServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers over a {@link Transport} for the S2 routes tests use. */
public final class Api {

  private final S2LiteServer server;
  private final Transport transport;

  public Api(S2LiteServer server, Transport transport) {
    this.server = server;
    this.transport = transport;
  }

  public Transport transport() {
    return transport;
  }

  public URI uri(String pathAndQuery) {
    return URI.create(server.endpoint() + pathAndQuery);
  }

  public Transport.Reply send(String method, String path, byte[] body, String... headers) {
    return transport.send(method, uri(path), body, headers);
  }

  public Transport.Reply createBasin(String basin, String config) {
    String body = config == null ? "{\"basin\":\"" + basin + "\"}"
        : "{\"basin\":\"" + basin + "\",\"config\":" + config + "}";
    return ok(send("POST", "/v1/basins", bytes(body), "content-type", "application/json"));
  }

  public Transport.Reply createStream(String basin, String stream, String config) {
    String body = config == null ? "{\"stream\":\"" + stream + "\"}"
        : "{\"stream\":\"" + stream + "\",\"config\":" + config + "}";
    return ok(send("POST", "/v1/streams", bytes(body),
        "content-type", "application/json", "s2-basin", basin));
  }

  public Transport.Reply append(String basin, String stream, String json, String... headers) {
    return send("POST", records(stream), bytes(json),
        concat(headers, "content-type", "application/json", "s2-basin", basin));
  }

  public Transport.Reply appendBytes(
      String basin, String stream, byte[] body, String contentType, String... headers) {
    return send("POST", records(stream), body,
        concat(headers, "content-type", contentType, "s2-basin", basin));
  }

  /** Appends bodies as one batch of raw records and returns the ack. */
  public JsonNode appendBodies(String basin, String stream, String... bodies) {
    StringBuilder json = new StringBuilder("{\"records\":[");
    for (int i = 0; i < bodies.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"body\":\"").append(bodies[i]).append("\"}");
    }
    return ok(append(basin, stream, json.append("]}").toString())).json();
  }

  /** Appends one batch of records with the given client timestamps. */
  public JsonNode appendTimestamps(String basin, String stream, long... timestamps) {
    StringBuilder json = new StringBuilder("{\"records\":[");
    for (int i = 0; i < timestamps.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"timestamp\":").append(timestamps[i])
          .append(",\"body\":\"r").append(i).append("\"}");
    }
    return ok(append(basin, stream, json.append("]}").toString())).json();
  }

  public Transport.Reply read(String basin, String stream, String query, String... headers) {
    return send("GET", records(stream) + (query.isEmpty() ? "" : "?" + query), null,
        concat(headers, "s2-basin", basin));
  }

  public Transport.Reply tail(String basin, String stream) {
    return send("GET", records(stream) + "/tail", null, "s2-basin", basin);
  }

  /** The tail's seq_num, asserting the call succeeded. */
  public long tailSeqNum(String basin, String stream) {
    return ok(tail(basin, stream)).json().get("tail").get("seq_num").asLong();
  }

  /** All bodies from seq 0 (raw format), up to 1000. */
  public List<String> bodies(String basin, String stream) {
    Transport.Reply r = read(basin, stream, "seq_num=0");
    if (r.status() == 416) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    ok(r).json().get("records").forEach(n -> out.add(n.path("body").asText("")));
    return out;
  }

  public static String records(String stream) {
    return "/v1/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8).replace("+", "%20")
        + "/records";
  }

  public static Transport.Reply ok(Transport.Reply r) {
    if (r.status() / 100 != 2) {
      throw new AssertionError("expected success, got " + r);
    }
    return r;
  }

  public static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

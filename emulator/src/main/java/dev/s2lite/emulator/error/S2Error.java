package dev.s2lite.emulator.error;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * An S2 API error: the HTTP status, the machine-readable {@code code} and a human message.
 * Every error the emulator answers with is created by one of the factory methods here and
 * rendered by one mapper, so a code is always paired with the status clients expect of it.
 */
public final class S2Error extends RuntimeException {

  private final int status;
  private final String code;
  /** A body other than {@code {"code","message"}}: only 412 and 416 have one. */
  private final ObjectNode specialBody;
  /** For a JSON document that does not fit its type: which value, so the message can say where. */
  private final JsonSpot jsonSpot;

  /** Where a {@code bad_json} problem is: a value's path ({@code config.retention_policy.age}) and what about it. */
  public record JsonSpot(String path, Anchor anchor) {}

  /** The position serde_json reports for a problem with a value. */
  public enum Anchor {
    /** after a scalar; at the bracket of an object or array */
    VALUE,
    /** after the end of the value (an object that misses a field, an array too short) */
    OBJECT_END,
    /** after the key of the member */
    KEY,
    /** at the first character of the value, counted from 1 (what serde peeked at) */
    VALUE_START,
    /**
     * where serde places an error a member's own type checks raise (a name's rules, an enum's
     * shape): after the member and the whitespace behind it, or after the closing brace when it
     * is the object's last member
     */
    AFTER_MEMBER
  }

  private S2Error(int status, String code, String message, ObjectNode specialBody, JsonSpot jsonSpot) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.specialBody = specialBody;
    this.jsonSpot = jsonSpot;
  }

  private static S2Error of(int status, String code, String message) {
    return new S2Error(status, code, message, null, null);
  }

  public int status() {
    return status;
  }

  /** The S2 error code, or null for the 412/416 responses that carry a special body. */
  public String code() {
    return code;
  }

  /** The JSON body this error is rendered as. */
  public ObjectNode body() {
    if (specialBody != null) {
      return specialBody.deepCopy();
    }
    ObjectNode body = JSON.objectNode();
    body.put("code", code);
    body.put("message", getMessage());
    return body;
  }

  // --- request parsing (400) ---

  public static S2Error badJson(String message) {
    return of(400, "bad_json", message);
  }

  /**
   * A JSON document that parsed but does not fit its type, as serde describes it
   * ({@code invalid type: ..., expected ...}, {@code missing field `x`}); the HTTP layer appends
   * where it is in the body ({@code at line 1 column 12}).
   */
  public static S2Error badJsonAt(String description, String path, Anchor anchor) {
    return new S2Error(400, "bad_json", description, null, new JsonSpot(path, anchor));
  }

  /** The place in a JSON document this error is about, or null. */
  public JsonSpot jsonSpot() {
    return jsonSpot;
  }

  /** This error with its position appended to the message ({@code at line 1 column 12}). */
  public S2Error at(String position) {
    return new S2Error(status, code, getMessage() + " at " + position, specialBody, null);
  }

  public static S2Error badProto(String message) {
    return of(400, "bad_proto", message);
  }

  public static S2Error badQuery(String message) {
    return of(400, "bad_query", "Failed to deserialize query string: " + message);
  }

  public static S2Error badPath(String message) {
    return of(400, "bad_path", "Invalid URL: " + message);
  }

  public static S2Error badFrame(String message) {
    return of(400, "bad_frame", "Failed to decode S2S frame: " + message);
  }

  public static S2Error missingHeader(String name) {
    return of(400, "bad_header", "Missing header `" + name + "`");
  }

  public static S2Error invalidHeader(String name, String reason) {
    return of(400, "bad_header", "Invalid header `" + name + "`: " + reason);
  }

  public static S2Error badHeader(String message) {
    return of(400, "bad_header", message);
  }

  public static S2Error expectedJsonContentType() {
    return badJson("Expected request with `Content-Type: application/json`");
  }

  public static S2Error decryptionFailed() {
    return of(400, "decryption_failed", "record decryption failed");
  }

  // --- validation (422) ---

  public static S2Error invalid(String message) {
    return of(422, "invalid", message);
  }

  // --- resources ---

  public static S2Error basinNotFound(String basin) {
    return of(404, "basin_not_found", "basin `" + basin + "` not found");
  }

  public static S2Error streamNotFound(String basin, String stream) {
    return of(404, "stream_not_found", "stream `" + stream + "` in basin `" + basin + "` not found");
  }

  public static S2Error basinAlreadyExists(String basin) {
    return of(409, "resource_already_exists", "basin `" + basin + "` already exists");
  }

  public static S2Error streamAlreadyExists(String basin, String stream) {
    return of(409, "resource_already_exists",
        "stream `" + stream + "` in basin `" + basin + "` already exists");
  }

  public static S2Error basinDeletionPending(String basin) {
    return of(409, "basin_deletion_pending", "basin `" + basin + "` is being deleted");
  }

  public static S2Error streamDeletionPending() {
    return of(409, "stream_deletion_pending", "stream deletion pending");
  }

  // --- access tokens: authentication (401), authorization (403), the token API ---

  public static S2Error authn(String message) {
    return of(401, "authn", message);
  }

  public static S2Error permissionDenied(String message) {
    return of(403, "permission_denied", message);
  }

  public static S2Error accessTokenNotFound(String id) {
    return of(404, "access_token_not_found", "access token `" + id + "` not found");
  }

  public static S2Error accessTokenAlreadyExists(String id) {
    return of(409, "resource_already_exists", "access token `" + id + "` already exists");
  }

  // --- append conditions (412) and reads past the tail (416) ---

  public static S2Error fencingTokenMismatch(String current) {
    return new S2Error(412, null, "fencing token mismatch",
        JSON.objectNode().put("fencing_token_mismatch", current), null);
  }

  public static S2Error seqNumMismatch(long nextSeqNum) {
    return new S2Error(412, null, "sequence number mismatch",
        JSON.objectNode().put("seq_num_mismatch", unsigned(nextSeqNum)), null);
  }

  public static S2Error rangeNotSatisfiable(long tailSeqNum, long tailTimestamp) {
    return new S2Error(416, null, "range not satisfiable",
        tailBody(tailSeqNum, tailTimestamp), null);
  }

  /** {@code {"tail": {"seq_num": S, "timestamp": T}}}, the 416 body and the check-tail answer. */
  public static ObjectNode tailBody(long seqNum, long timestamp) {
    ObjectNode body = JSON.objectNode();
    ObjectNode tail = body.putObject("tail");
    tail.put("seq_num", unsigned(seqNum));
    tail.put("timestamp", unsigned(timestamp));
    return body;
  }

  // --- server side ---

  public static S2Error notImplemented() {
    return of(501, "not_implemented", "Not implemented");
  }

  /** A request the server gave up waiting for (its body stalled). */
  public static S2Error requestTimeout(String message) {
    return of(408, "request_timeout", message);
  }

  public static S2Error unavailable(String message) {
    return of(503, "unavailable", message);
  }

  /** A stream's engine went away under a request (the stream was deleted while it waited). */
  public static S2Error streamerMissingInAction() {
    return unavailable("streamer missing in action");
  }

  /**
   * The server ran out of heap while handling the request: retryable, and nothing was stored
   * partially (a batch is all or nothing).
   */
  public static S2Error outOfMemory() {
    return unavailable("the server ran out of memory; retry later");
  }

  public static S2Error storage(String message) {
    return of(500, "storage", message);
  }

  public static S2Error other(String message) {
    return of(500, "other", message);
  }

  // --- the emulator's own: fault rules and the admin API (/_emulator) ---

  /** The error a fault rule answers with, as the rule gives it. */
  public static S2Error injected(int status, String code, String message) {
    return of(status, code, message);
  }

  /** An admin request that makes no sense (a bad duration, an unknown operation...). */
  public static S2Error badAdminRequest(String message) {
    return of(400, "bad_request", message);
  }

  public static S2Error snapshotNotFound(String name) {
    return of(404, "snapshot_not_found", "snapshot `" + name + "` not found");
  }

  public static S2Error faultRuleNotFound(String id) {
    return of(404, "fault_rule_not_found", "fault rule `" + id + "` not found");
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A u64 carried in a {@code long}, as the JSON number it stands for. */
  public static BigInteger unsigned(long bits) {
    return bits >= 0 ? BigInteger.valueOf(bits) : new BigInteger(Long.toUnsignedString(bits));
  }
}

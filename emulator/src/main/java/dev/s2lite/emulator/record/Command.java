package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A command record: exactly one header, with an empty name; its value names the command. The
 * stream's engine applies commands when it sequences them.
 */
public sealed interface Command {

  /** Sets the stream's fencing token. */
  record Fence(String token) implements Command {}

  /** Asks for deletion of every record below {@code trimPoint} (a u64 in a long). */
  record Trim(long trimPoint) implements Command {}

  byte[] FENCE = "fence".getBytes(StandardCharsets.US_ASCII);
  byte[] TRIM = "trim".getBytes(StandardCharsets.US_ASCII);

  /** The headers of a trim command record. */
  static List<Header> trimHeaders() {
    return List.of(new Header(new byte[0], TRIM.clone()));
  }

  /**
   * The command a record carries, null for an envelope record; a malformed command or an empty
   * header name elsewhere is {@code 422 invalid}.
   */
  static Command parse(List<Header> headers, byte[] body) {
    if (headers.size() == 1 && headers.get(0).name().length == 0) {
      byte[] value = headers.get(0).value();
      if (Arrays.equals(value, FENCE)) {
        String token;
        try {
          token = StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
          throw S2Error.invalid("invalid `fence` command: invalid UTF-8");
        }
        if (body.length > 36) {
          throw S2Error.invalid(
              "invalid `fence` command: fencing token must not exceed 36 bytes in length");
        }
        return new Fence(token);
      }
      if (Arrays.equals(value, TRIM)) {
        if (body.length != 8) {
          throw S2Error.invalid("invalid `trim` command: earliest sequence number to trim to was "
              + body.length + " bytes, must be 8");
        }
        return new Trim(ByteBuffer.wrap(body).getLong());
      }
      throw S2Error.invalid("unknown command");
    }
    for (Header h : headers) {
      if (h.name().length == 0) {
        throw S2Error.invalid("invalid header: empty name");
      }
    }
    return null;
  }
}

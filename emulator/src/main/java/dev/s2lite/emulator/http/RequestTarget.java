package dev.s2lite.emulator.http;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.fault.Operation;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What an incoming request is about, read from its method, raw path and headers alone (before
 * any route runs): the operation, the basin and the stream. Fault rules and the journal use it.
 */
public record RequestTarget(Operation operation, String basin, String stream) {

  /** Whether the path is the emulator's own (admin API, dashboard): never journaled nor faulted. */
  public static boolean isEmulatorOwn(String rawPath) {
    return isAdmin(rawPath) || rawPath.equals("/dashboard") || rawPath.startsWith("/dashboard/");
  }

  /** Whether the path is under the admin prefix {@code /_emulator}. */
  public static boolean isAdmin(String rawPath) {
    return rawPath.startsWith("/_emulator/") || rawPath.equals("/_emulator");
  }

  public static RequestTarget of(HttpServletRequest req) {
    String method = req.getMethod();
    String[] s = req.getRequestURI().split("/", -1);
    String headerBasin = req.getHeader("s2-basin");
    if (s.length < 3 || !s[0].isEmpty() || !s[1].equals("v1")) {
      return new RequestTarget(Operation.OTHER, null, null);
    }
    if (s[2].equals("basins")) {
      if (s.length == 3) {
        return new RequestTarget(pick(method, Operation.LIST_BASINS, Operation.CREATE_BASIN, null, null, null), null, null);
      }
      if (s.length == 4) {
        return new RequestTarget(pick(method, Operation.GET_BASIN_CONFIG, null, Operation.ENSURE_BASIN,
            Operation.RECONFIGURE_BASIN, Operation.DELETE_BASIN), decode(s[3]), null);
      }
    }
    if (s[2].equals("streams")) {
      if (s.length == 3) {
        return new RequestTarget(pick(method, Operation.LIST_STREAMS, Operation.CREATE_STREAM, null, null, null),
            headerBasin, null);
      }
      String stream = decode(s[3]);
      if (s.length == 4) {
        return new RequestTarget(pick(method, Operation.GET_STREAM_CONFIG, null, Operation.ENSURE_STREAM,
            Operation.RECONFIGURE_STREAM, Operation.DELETE_STREAM), headerBasin, stream);
      }
      if (s.length == 5 && s[4].equals("records")) {
        boolean s2s = isS2s(req.getHeader("content-type"));
        Operation op = switch (method) {
          case "POST" -> s2s ? Operation.APPEND_SESSION : Operation.APPEND;
          case "GET" -> s2s || isEventStream(req.getHeader("accept")) ? Operation.READ_SESSION : Operation.READ;
          default -> Operation.OTHER;
        };
        return new RequestTarget(op, headerBasin, stream);
      }
      if (s.length == 6 && s[4].equals("records") && s[5].equals("tail")) {
        return new RequestTarget(method.equals("GET") ? Operation.CHECK_TAIL : Operation.OTHER, headerBasin, stream);
      }
    }
    return new RequestTarget(Operation.OTHER, null, null);
  }

  private static Operation pick(String method, Operation get, Operation post, Operation put,
      Operation patch, Operation delete) {
    Operation op = switch (method) {
      case "GET", "HEAD" -> get;
      case "POST" -> post;
      case "PUT" -> put;
      case "PATCH" -> patch;
      case "DELETE" -> delete;
      default -> null;
    };
    return op == null ? Operation.OTHER : op;
  }

  private static String decode(String segment) {
    try {
      return Requests.percentDecode(segment);
    } catch (S2Error e) {
      return segment;
    }
  }

  private static boolean isS2s(String contentType) {
    MediaType type = MediaType.parse(contentType);
    return type != null && type.isS2s();
  }

  private static boolean isEventStream(String accept) {
    MediaType type = MediaType.parse(accept);
    return type != null && type.isEventStream();
  }
}

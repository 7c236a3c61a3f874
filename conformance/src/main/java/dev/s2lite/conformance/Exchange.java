package dev.s2lite.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request and its response, as a case sent and received it, with what the OpenAPI
 * description says about the response.
 *
 * @param operation the description's operation id the request matched, or null
 * @param problems where the response breaks the description (empty when it conforms)
 */
public record Exchange(
    String method,
    String uri,
    List<Map.Entry<String, String>> requestHeaders,
    byte[] requestBody,
    int status,
    Map<String, List<String>> responseHeaders,
    byte[] responseBody,
    boolean streamed,
    String operation,
    List<String> problems) {

  public String describeRequest() {
    StringBuilder b = new StringBuilder(method).append(' ').append(uri);
    for (Map.Entry<String, String> h : requestHeaders) {
      String value = h.getKey().equalsIgnoreCase("authorization") ? "Bearer <redacted>" : h.getValue();
      b.append("\n").append(h.getKey()).append(": ").append(value);
    }
    if (requestBody != null && requestBody.length > 0) {
      b.append("\n\n").append(printable(requestBody));
    }
    return b.toString();
  }

  public String describeResponse() {
    StringBuilder b = new StringBuilder().append(status);
    for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
      if (!h.getKey().equals(":status")) {
        b.append("\n").append(h.getKey()).append(": ").append(String.join(", ", h.getValue()));
      }
    }
    if (streamed) {
      b.append("\n\n(streamed body)");
    } else if (responseBody != null && responseBody.length > 0) {
      b.append("\n\n").append(printable(responseBody));
    }
    return b.toString();
  }

  static String printable(byte[] bytes) {
    int shown = Math.min(bytes.length, 2000);
    String text = new String(bytes, 0, shown, StandardCharsets.UTF_8);
    boolean binary = text.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' || ch == 0xFFFD);
    if (binary) {
      return "(" + bytes.length + " bytes of binary)";
    }
    return shown < bytes.length ? text + "... (" + bytes.length + " bytes)" : text;
  }

  /** A copy with more problems. */
  Exchange withProblems(List<String> more) {
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    return new Exchange(method, uri, requestHeaders, requestBody, status, responseHeaders, responseBody,
        streamed, operation, List.copyOf(all));
  }
}

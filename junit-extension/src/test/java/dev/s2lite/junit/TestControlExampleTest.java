package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.s2lite.emulator.fault.Operation;
import dev.s2lite.emulator.journal.JournalEntry;
import dev.s2lite.emulator.journal.JournalQuery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user's test with {@code @S2Lite} and the test-control API: it moves the clock instead of
 * sleeping, injects faults, and checks what was sent in the journal.
 */
@S2Lite
class TestControlExampleTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void recordsPastADayOfRetentionAreGoneOnceTheClockHasMovedOn(S2LiteInfo s2) throws Exception {
    String basin = s2.uniqueBasinName();
    s2.seed("{\"basins\": [{\"name\": \"" + basin + "\", \"streams\": [{\"name\": \"events\","
        + " \"config\": {\"retention_policy\": \"1d\"}}]}]}");
    assertThat(append(s2.endpoint(), basin, "events", "order placed").statusCode()).isEqualTo(200);
    assertThat(bodies(s2.endpoint(), basin, "events")).containsExactly("order placed");

    s2.clock().advance(Duration.ofDays(1).plusMinutes(1));

    assertThat(bodies(s2.endpoint(), basin, "events")).isEmpty();
  }

  @Test
  void aRetriedAppendIsSeenTwiceInTheJournalAndStoredOnce(S2LiteInfo s2) throws Exception {
    String basin = s2.uniqueBasinName();
    s2.seed("{\"basins\": [{\"name\": \"" + basin + "\", \"streams\": [{\"name\": \"orders\"}]}]}");
    s2.faults().add(dev.s2lite.emulator.fault.FaultRule.on(Operation.APPEND).basin(basin).fail(503).once());

    int first = append(s2.endpoint(), basin, "orders", "o-1").statusCode();
    int retry = append(s2.endpoint(), basin, "orders", "o-1").statusCode();

    assertThat(List.of(first, retry)).containsExactly(503, 200);
    assertThat(s2.journal().requests(JournalQuery.operation(Operation.APPEND).basin(basin)))
        .extracting(JournalEntry::status).containsExactly(503, 200);
    assertThat(bodies(s2.endpoint(), basin, "orders")).containsExactly("o-1");
  }

  @Test
  void aSnapshotPutsTheStateBackAndAResetForgetsOneBasin(S2LiteInfo s2) throws Exception {
    String basin = s2.uniqueBasinName();
    s2.seed("{\"basins\": [{\"name\": \"" + basin + "\", \"streams\": [{\"name\": \"s\"}]}]}");
    append(s2.endpoint(), basin, "s", "kept");
    s2.snapshots().save(basin);
    append(s2.endpoint(), basin, "s", "undone");

    s2.restore(basin);
    assertThat(bodies(s2.endpoint(), basin, "s")).containsExactly("kept");

    s2.reset(basin);
    assertThat(S2Http.listBasins(s2.endpoint(), basin)).isEmpty();
  }

  private static HttpResponse<String> append(URI endpoint, String basin, String stream, String body)
      throws IOException, InterruptedException {
    String json = JSON.createObjectNode().set("records",
        JSON.createArrayNode().add(JSON.createObjectNode().put("body", body))).toString();
    return HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/v1/streams/" + stream + "/records"))
        .header("s2-basin", basin).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> bodies(URI endpoint, String basin, String stream) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        endpoint.resolve("/v1/streams/" + stream + "/records?seq_num=0&clamp=true")).header("s2-basin", basin).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    List<String> out = new ArrayList<>();
    if (body.has("records")) {
      body.get("records").forEach(r -> out.add(r.get("body").asText()));
    }
    return out;
  }
}

package dev.s2lite.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2lite.emulator.S2LiteServer;
import dev.s2lite.openapi.client.ApiClient;
import dev.s2lite.openapi.client.ApiException;
import dev.s2lite.openapi.client.api.BasinsApi;
import dev.s2lite.openapi.client.api.RecordsApi;
import dev.s2lite.openapi.client.api.StreamsApi;
import dev.s2lite.openapi.client.model.AppendAck;
import dev.s2lite.openapi.client.model.AppendInput;
import dev.s2lite.openapi.client.model.AppendRecord;
import dev.s2lite.openapi.client.model.CreateBasinRequest;
import dev.s2lite.openapi.client.model.CreateStreamRequest;
import dev.s2lite.openapi.client.model.ReadBatch;
import org.junit.jupiter.api.Test;

/** The README's example of the generated client ("Using the generated Java client"), compiled and run. */
class GeneratedClientExampleTest {

  /** The README snippet, verbatim between the markers. */
  static ReadBatch readmeExample(String endpoint, String token) throws ApiException {
    // README example begins
    ApiClient client = new ApiClient();
    client.updateBaseUri(endpoint);                       // e.g. http://localhost:8080
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    String basin = "my-basin-1";                          // S2-Basin header (null on basin endpoints)

    new BasinsApi(client).createBasin(new CreateBasinRequest().basin(basin), null);
    new StreamsApi(client).createStream(new CreateStreamRequest().stream("orders/eu"), basin, null);

    RecordsApi records = new RecordsApi(client);
    AppendAck ack = records.append("orders/eu",
        new AppendInput().addRecordsItem(new AppendRecord().body("hello")), null, null, null, basin);
    ReadBatch batch = records.read("orders/eu", null, null, null, null,
        ack.getStart().getSeqNum(), null, null, null, null, null, null, null, basin);
    // README example ends
    return batch;
  }

  @Test
  void theReadmeExampleAppendsAndReadsBackARecord() throws Exception {
    try (S2LiteServer s2 = S2LiteServer.builder().build().start()) {
      ReadBatch batch = readmeExample(s2.endpoint().toString(), S2LiteServer.ACCESS_TOKEN);

      assertThat(batch.getRecords()).hasSize(1);
      assertThat(batch.getRecords().get(0).getBody()).isEqualTo("hello");
      assertThat(batch.getRecords().get(0).getSeqNum()).isZero();
    }
  }
}

package dev.s2lite.emulator.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The emulator's own routes under {@code /_emulator}, outside the S2 API. */
class AdminAcceptanceTest extends AcceptanceTest {

  @Test
  void resetForgetsEveryBasinAndStream() {
    createBasin("admin-reset-basin");
    createStream("admin-reset-basin", "s");

    Res reset = send(Req.post("/_emulator/reset"));

    assertThat(reset.status()).isEqualTo(204);
    send(Req.get("/v1/basins/admin-reset-basin")).assertError(404, "basin_not_found");
    assertThat(listBasins("").get("basins")).isEmpty();
  }

  @Test
  void adminRoutesAreNotPartOfTheS2Api() {
    assertThat(send(Req.get("/v1/_emulator/reset")).status()).isEqualTo(404);
    assertThat(send(Req.get("/_emulator/reset")).status()).isEqualTo(405);
  }
}

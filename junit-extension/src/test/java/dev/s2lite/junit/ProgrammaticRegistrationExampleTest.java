package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same options in code, for when they are computed. */
class ProgrammaticRegistrationExampleTest {

  @RegisterExtension
  static S2LiteExtension s2lite = S2LiteExtension.builder()
      .initFile("s2/orders.json")
      .basins("billing-basin")
      .build();

  @Test
  void theBuilderOptionsAreApplied(S2LiteInfo s2) {
    assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("billing-basin", "orders-basin");
    assertThat(S2Http.listStreams(s2.endpoint(), "orders-basin")).containsExactly("orders/eu");
  }

}

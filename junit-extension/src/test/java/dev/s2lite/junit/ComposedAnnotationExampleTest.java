package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** @S2Lite inside a composed annotation ({@link OrdersS2}). */
@OrdersS2
class ComposedAnnotationExampleTest {

  @Test
  void theInitFileAndTheBasinsOfTheComposedAnnotationAreApplied(S2LiteInfo s2) {
    assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("audit-basin", "orders-basin");
    assertThat(S2Http.listStreams(s2.endpoint(), "orders-basin")).containsExactly("orders/eu");
  }
}

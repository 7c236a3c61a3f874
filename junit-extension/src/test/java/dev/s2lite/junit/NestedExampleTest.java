package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Nested classes share the enclosing server unless they declare their own. */
@S2Lite(basins = "outer-basin")
class NestedExampleTest {

  private static URI outerServer;

  @BeforeAll
  static void rememberTheServer(S2LiteInfo s2) {
    outerServer = s2.endpoint();
  }

  @Test
  void theOuterClassHasItsBasin(S2LiteInfo s2) {
    assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("outer-basin");
  }

  @Nested
  class SharingTheEnclosingServer {

    @Test
    void seesTheEnclosingServerAndItsBasins(S2LiteInfo s2) {
      assertThat(s2.endpoint()).isEqualTo(outerServer);
      assertThat(S2Http.listBasins(s2.endpoint(), "outer-")).containsExactly("outer-basin");
    }

    @Nested
    class TwoLevelsDown {

      @Test
      void stillSeesTheEnclosingServer(S2LiteInfo s2) {
        assertThat(s2.endpoint()).isEqualTo(outerServer);
      }
    }
  }

  @Nested
  @S2Lite(basins = "inner-basin")
  class WithItsOwnServer {

    private final URI fromConstructor;

    WithItsOwnServer(S2LiteInfo s2) {
      this.fromConstructor = s2.endpoint();
    }

    @Test
    void getsAServerOfItsOwn(S2LiteInfo s2) {
      assertThat(s2.endpoint()).isNotEqualTo(outerServer).isEqualTo(fromConstructor);
      assertThat(S2Http.listBasins(s2.endpoint(), "")).containsExactly("inner-basin");
    }
  }
}

package dev.s2lite.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default: one server for the class, injected wherever a test asks for it. */
@S2Lite(basins = "shared-basin")
class ClassScopeExampleTest {

  private static URI classServer;
  private final S2LiteInfo fromConstructor;
  private S2LiteInfo fromBeforeEach;

  ClassScopeExampleTest(S2LiteInfo s2) {
    this.fromConstructor = s2;
  }

  @BeforeAll
  static void rememberTheServer(S2LiteInfo s2) {
    classServer = s2.endpoint();
  }

  @BeforeEach
  void setUp(S2LiteInfo s2) {
    this.fromBeforeEach = s2;
  }

  @Test
  void constructorBeforeEachAndTestMethodSeeTheClassServer(S2LiteInfo s2) {
    assertThat(fromConstructor.endpoint()).isEqualTo(classServer);
    assertThat(fromBeforeEach.endpoint()).isEqualTo(classServer);
    assertThat(s2.endpoint()).isEqualTo(classServer);
  }

  @Test
  void theServerServesTheDeclaredBasinsOverHttp(S2LiteInfo s2) {
    assertThat(s2.endpoint().toString()).startsWith("http://127.0.0.1:");
    assertThat(S2Http.listBasins(s2.endpoint(), "shared-")).containsExactly("shared-basin");
  }

  @Test
  void aUniqueBasinNameCanBeCreated(S2LiteInfo s2) {
    String basin = s2.uniqueBasinName();

    assertThat(S2Http.createBasin(s2.endpoint(), basin)).isEqualTo(201);
    assertThat(S2Http.listBasins(s2.endpoint(), basin)).containsExactly(basin);
  }

  @Test
  void theAccessTokenIsWhatSdksSend(S2LiteInfo s2) {
    assertThat(s2.accessToken()).isEqualTo("ignored");
  }
}

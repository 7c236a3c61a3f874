package dev.s2lite.emulator.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the S3 settings come from: the standard AWS variables, and s2-lite 0.43's WAL overrides. */
class AwsSettingsTest {

  private static final Map<String, String> MAIN = Map.of(
      "AWS_ENDPOINT_URL", "http://generic:1",
      "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000",
      "AWS_REGION", "eu-west-3",
      "AWS_ACCESS_KEY_ID", "main-key",
      "AWS_SECRET_ACCESS_KEY", "main-secret");

  @Test
  void theS3EndpointVariableWinsOverTheGenericOneAndStaticKeysAreTaken() {
    AwsSettings aws = AwsSettings.fromEnvironment(MAIN);
    assertThat(aws.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(aws.region()).isEqualTo("eu-west-3");
    assertThat(aws.credentials()).isEqualTo(new AwsSettings.StaticCredentials("main-key", "main-secret", null));
    assertThat(aws.virtualHostedStyle()).isFalse();
    assertThat(aws.credentials().toString()).doesNotContain("main-secret");
  }

  @Test
  void whatIsNotSetIsLeftToTheSdkChainsAndPathStyleIsTheDefault() {
    AwsSettings aws = AwsSettings.fromEnvironment(Map.of(
        "AWS_ENDPOINT_URL", "https://s3.example.test", "AWS_DEFAULT_REGION", "us-west-2",
        "AWS_ACCESS_KEY_ID", "only-the-key"));
    assertThat(aws.endpoint()).isEqualTo(URI.create("https://s3.example.test"));
    assertThat(aws.region()).isEqualTo("us-west-2");
    assertThat(aws.credentials()).isNull();
    assertThat(AwsSettings.fromEnvironment(Map.of())).isEqualTo(AwsSettings.DEFAULT_CHAIN);
    assertThat(AwsSettings.fromEnvironment(Map.of("AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "TRUE")).virtualHostedStyle())
        .isTrue();
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsRefusedByName() {
    assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "localhost:9000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL, got: localhost:9000");
  }

  @Test
  void walVariablesOverrideTheMainSettingsOneByOne() {
    AwsSettings main = AwsSettings.fromEnvironment(MAIN);
    assertThat(main.withWalOverrides(Map.of())).isEqualTo(main);

    AwsSettings wal = main.withWalOverrides(Map.of(
        "S2LITE_WAL_AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9100",
        "S2LITE_WAL_AWS_ACCESS_KEY_ID", "wal-key",
        "S2LITE_WAL_AWS_SECRET_ACCESS_KEY", "wal-secret",
        "S2LITE_WAL_AWS_SESSION_TOKEN", "wal-token"));
    assertThat(wal.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9100"));
    assertThat(wal.region()).isEqualTo("eu-west-3");
    assertThat(wal.credentials()).isEqualTo(new AwsSettings.StaticCredentials("wal-key", "wal-secret", "wal-token"));
    assertThat(main.withWalOverrides(Map.of("S2LITE_WAL_AWS_REGION", "ap-south-1")).region()).isEqualTo("ap-south-1");
  }

  @Test
  void walKeysMustComeInPairsAsS2LiteSays() {
    AwsSettings main = AwsSettings.fromEnvironment(MAIN);
    assertThatThrownBy(() -> main.withWalOverrides(Map.of("S2LITE_WAL_AWS_ACCESS_KEY_ID", "k")))
        .hasMessage("S2LITE_WAL_AWS_ACCESS_KEY_ID and S2LITE_WAL_AWS_SECRET_ACCESS_KEY must be set together");
    assertThatThrownBy(() -> main.withWalOverrides(Map.of("S2LITE_WAL_AWS_SECRET_ACCESS_KEY", "s")))
        .hasMessage("S2LITE_WAL_AWS_ACCESS_KEY_ID and S2LITE_WAL_AWS_SECRET_ACCESS_KEY must be set together");
    assertThatThrownBy(() -> main.withWalOverrides(Map.of("S2LITE_WAL_AWS_SESSION_TOKEN", "t")))
        .hasMessageContaining("S2LITE_WAL_AWS_SESSION_TOKEN needs");
  }

  @Test
  void settingsNormalizeThePathAndTheFlushIntervalFollowsTheLogAsInS2Lite() {
    S3Settings settings = S3Settings.builder("my-bucket").path("/some/prefix/").build();
    assertThat(settings.path()).isEqualTo("some/prefix");
    assertThat(settings.location()).isEqualTo("s3://my-bucket/some/prefix/");
    assertThat(S3Settings.builder("my-bucket").build().location()).isEqualTo("s3://my-bucket/");
    assertThat(settings.flushInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(S3Settings.builder("my-bucket").wal(new WalLocation.Bucket("wal-bucket", AwsSettings.DEFAULT_CHAIN))
        .build().flushInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(S3Settings.builder("my-bucket").flushInterval(Duration.ofMillis(20)).build().flushInterval())
        .isEqualTo(Duration.ofMillis(20));
    assertThatThrownBy(() -> S3Settings.builder("a/b").build()).hasMessageContaining("invalid bucket name");
  }
}

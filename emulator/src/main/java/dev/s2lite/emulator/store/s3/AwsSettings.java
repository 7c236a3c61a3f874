package dev.s2lite.emulator.store.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach an S3-compatible object store: what the standard AWS configuration chain would
 * find, made explicit where it comes from the environment. A null field means "ask the AWS SDK's
 * default chain" (profile files, web identity, container and instance credentials...).
 *
 * <pre>{@code
 * AwsSettings aws = AwsSettings.fromEnvironment(System.getenv());
 * AwsSettings local = new AwsSettings(URI.create("http://127.0.0.1:9000"), "us-east-1",
 *     new AwsSettings.StaticCredentials("key", "secret", null), false);
 * }</pre>
 *
 * @param endpoint the S3 endpoint ({@code http://} works), or null for AWS's own
 * @param region the signing region, or null for the SDK's region chain, then {@code us-east-1}
 * @param credentials static keys, or null for the SDK's default credentials chain
 * @param virtualHostedStyle bucket in the host name instead of the path; path style (the
 *     default, as s2-lite's object store client) works with every S3-compatible server
 */
public record AwsSettings(
    URI endpoint, String region, StaticCredentials credentials, boolean virtualHostedStyle) {

  /** An access key pair, with a session token for temporary credentials (or null). */
  public record StaticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
      return "StaticCredentials[accessKeyId=" + accessKeyId + "]";
    }
  }

  /** Everything from the AWS SDK's own chains: endpoint, region and credentials. */
  public static final AwsSettings DEFAULT_CHAIN = new AwsSettings(null, null, null, false);

  /**
   * The settings the standard AWS environment variables give: {@code AWS_ENDPOINT_URL_S3} (else
   * {@code AWS_ENDPOINT_URL}), {@code AWS_REGION} (else {@code AWS_DEFAULT_REGION}), {@code
   * AWS_ACCESS_KEY_ID} with {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}), and
   * {@code AWS_VIRTUAL_HOSTED_STYLE_REQUEST=true}. What is not set is left to the SDK's chains.
   *
   * @throws IllegalArgumentException for an endpoint that is not an http(s) URL
   */
  public static AwsSettings fromEnvironment(Map<String, String> env) {
    String endpointVar = present(env, "AWS_ENDPOINT_URL_S3") ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL";
    URI endpoint = present(env, endpointVar) ? endpoint(endpointVar, env.get(endpointVar)) : null;
    String region = present(env, "AWS_REGION") ? env.get("AWS_REGION")
        : present(env, "AWS_DEFAULT_REGION") ? env.get("AWS_DEFAULT_REGION") : null;
    StaticCredentials credentials = null;
    if (present(env, "AWS_ACCESS_KEY_ID") && present(env, "AWS_SECRET_ACCESS_KEY")) {
      credentials = new StaticCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"),
          present(env, "AWS_SESSION_TOKEN") ? env.get("AWS_SESSION_TOKEN") : null);
    }
    boolean virtualHosted = "true".equals(
        env.getOrDefault("AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "").trim().toLowerCase(Locale.ROOT));
    return new AwsSettings(endpoint, region, credentials, virtualHosted);
  }

  /**
   * The settings of a write-ahead log bucket, as s2-lite 0.43 makes them: these settings,
   * overridden by {@code S2LITE_WAL_AWS_ENDPOINT_URL_S3}, {@code S2LITE_WAL_AWS_REGION}, and the
   * key pair {@code S2LITE_WAL_AWS_ACCESS_KEY_ID} + {@code S2LITE_WAL_AWS_SECRET_ACCESS_KEY}
   * (both or neither) with an optional {@code S2LITE_WAL_AWS_SESSION_TOKEN}.
   *
   * @throws IllegalArgumentException with s2-lite's message when the variables do not pair up
   */
  public AwsSettings withWalOverrides(Map<String, String> env) {
    String prefix = "S2LITE_WAL_AWS_";
    boolean key = present(env, prefix + "ACCESS_KEY_ID");
    boolean secret = present(env, prefix + "SECRET_ACCESS_KEY");
    if (key != secret) {
      throw new IllegalArgumentException(
          "S2LITE_WAL_AWS_ACCESS_KEY_ID and S2LITE_WAL_AWS_SECRET_ACCESS_KEY must be set together");
    }
    if (present(env, prefix + "SESSION_TOKEN") && !key) {
      throw new IllegalArgumentException("S2LITE_WAL_AWS_SESSION_TOKEN needs"
          + " S2LITE_WAL_AWS_ACCESS_KEY_ID and S2LITE_WAL_AWS_SECRET_ACCESS_KEY");
    }
    URI walEndpoint = present(env, prefix + "ENDPOINT_URL_S3")
        ? endpoint(prefix + "ENDPOINT_URL_S3", env.get(prefix + "ENDPOINT_URL_S3")) : endpoint;
    String walRegion = present(env, prefix + "REGION") ? env.get(prefix + "REGION") : region;
    StaticCredentials walCredentials = key
        ? new StaticCredentials(env.get(prefix + "ACCESS_KEY_ID"), env.get(prefix + "SECRET_ACCESS_KEY"),
            present(env, prefix + "SESSION_TOKEN") ? env.get(prefix + "SESSION_TOKEN") : null)
        : credentials;
    return new AwsSettings(walEndpoint, walRegion, walCredentials, virtualHostedStyle);
  }

  private static boolean present(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static URI endpoint(String variable, String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(variable + " must be an http:// or https:// URL, got: " + value);
  }
}

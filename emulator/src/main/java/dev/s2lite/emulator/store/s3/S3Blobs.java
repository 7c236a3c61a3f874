package dev.s2lite.emulator.store.s3;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link Blobs} in an S3 bucket, through the AWS SDK's synchronous client. */
final class S3Blobs implements Blobs {

  private static final Logger LOG = LoggerFactory.getLogger(S3Blobs.class);
  /** DeleteObjects takes at most this many keys. */
  private static final int DELETE_BATCH = 1000;

  private final S3Client client;
  private final String bucket;
  /** "" or "path/": prepended to every key. */
  private final String prefix;

  private S3Blobs(S3Client client, String bucket, String path) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = path.isEmpty() ? "" : path + "/";
  }

  static S3Blobs open(AwsSettings aws, String bucket, String path) {
    return new S3Blobs(client(aws, bucket), bucket, path);
  }

  private static S3Client client(AwsSettings aws, String bucket) {
    Region region = Region.of(resolveRegion(aws));
    S3ClientBuilder builder = S3Client.builder()
        .region(region)
        .credentialsProvider(credentials(aws))
        .forcePathStyle(!aws.virtualHostedStyle())
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(64)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(60)));
    // The SDK's newer default (a CRC trailer on every upload) is not understood by every
    // S3-compatible server; checksums are still sent where S3 requires them.
    if (System.getenv("AWS_REQUEST_CHECKSUM_CALCULATION") == null) {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    }
    if (System.getenv("AWS_RESPONSE_CHECKSUM_VALIDATION") == null) {
      builder.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    if (aws.endpoint() != null) {
      builder.endpointOverride(aws.endpoint());
    }
    LOG.info("using s3 object store bucket=\"{}\" endpoint={} region={} addressing={}{}", bucket,
        aws.endpoint() == null ? "(AWS configuration)" : aws.endpoint(), region,
        aws.virtualHostedStyle() ? "virtual-hosted" : "path-style",
        aws.credentials() == null ? "" : " static credentials key_id=\"" + aws.credentials().accessKeyId() + "\"");
    return builder.build();
  }

  private static String resolveRegion(AwsSettings aws) {
    if (aws.region() != null) {
      return aws.region();
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (SdkException e) {
      return "us-east-1";
    }
  }

  private static AwsCredentialsProvider credentials(AwsSettings aws) {
    AwsSettings.StaticCredentials c = aws.credentials();
    if (c == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(c.sessionToken() == null
        ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
        : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
  }

  @Override
  public byte[] get(String key) {
    try {
      return client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArrayUnsafe();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
        return null;
      }
      throw failure("read", key, e);
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.putObject(b -> b.bucket(bucket).key(prefix + key).ifNoneMatch("*"), body(bytes));
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          return false;
        }
        // S3 answers 409 while another conditional write of the key is in progress: ask again.
        if (e.statusCode() == 409 && attempt < 5) {
          sleep(50L * attempt);
          continue;
        }
        throw failure("write", key, e);
      } catch (SdkException e) {
        throw failure("write", key, e);
      }
    }
  }

  @Override
  public void put(String key, byte[] bytes) {
    try {
      client.putObject(b -> b.bucket(bucket).key(prefix + key), body(bytes));
    } catch (SdkException e) {
      throw failure("write", key, e);
    }
  }

  private static RequestBody body(byte[] bytes) {
    return RequestBody.fromContentProvider(
        ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length, "application/octet-stream");
  }

  @Override
  public boolean exists(String key) {
    try {
      client.headObject(b -> b.bucket(bucket).key(prefix + key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failure("check", key, e);
    } catch (SdkException e) {
      throw failure("check", key, e);
    }
  }

  @Override
  public List<String> list(String keyPrefix) {
    List<String> keys = new ArrayList<>();
    try {
      ListObjectsV2Request request = ListObjectsV2Request.builder()
          .bucket(bucket).prefix(prefix + keyPrefix).build();
      for (S3Object o : client.listObjectsV2Paginator(request).contents()) {
        keys.add(o.key().substring(prefix.length()));
      }
    } catch (SdkException e) {
      throw failure("list", keyPrefix, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(Collection<String> keys) {
    List<ObjectIdentifier> batch = new ArrayList<>();
    for (String key : keys) {
      batch.add(ObjectIdentifier.builder().key(prefix + key).build());
      if (batch.size() == DELETE_BATCH) {
        deleteBatch(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      deleteBatch(batch);
    }
  }

  private void deleteBatch(List<ObjectIdentifier> batch) {
    try {
      DeleteObjectsResponse response = client.deleteObjects(b -> b.bucket(bucket)
          .delete(Delete.builder().objects(batch).quiet(true).build()));
      if (response.hasErrors() && !response.errors().isEmpty()) {
        LOG.warn("{} objects of s3://{}/ not deleted, e.g. {}: {}", response.errors().size(), bucket,
            response.errors().get(0).key(), response.errors().get(0).message());
      }
    } catch (S3Exception e) {
      if (e.statusCode() != 501 && e.statusCode() != 400) {
        throw failure("delete", batch.get(0).key().substring(prefix.length()), e);
      }
      // Servers without DeleteObjects: one by one.
      for (ObjectIdentifier id : batch) {
        try {
          client.deleteObject(b -> b.bucket(bucket).key(id.key()));
        } catch (SdkException single) {
          throw failure("delete", id.key().substring(prefix.length()), single);
        }
      }
    } catch (SdkException e) {
      throw failure("delete", batch.get(0).key().substring(prefix.length()), e);
    }
  }

  @Override
  public String location(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  private BlobException failure(String action, String key, SdkException e) {
    String detail = e.getMessage();
    if (e instanceof S3Exception s3) {
      if ("NoSuchBucket".equals(code(s3))) {
        return new BlobException("bucket " + bucket + " does not exist", e);
      }
      detail = s3.statusCode() + " " + code(s3) + ": "
          + (s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage());
    }
    return new BlobException("cannot " + action + " " + location(key) + ": " + detail, e);
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlobException("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

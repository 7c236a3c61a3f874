package dev.s2lite.emulator.store.s3;

import java.util.Collection;
import java.util.List;

/**
 * The few object-storage operations the store uses, on keys relative to the store's path: an S3
 * bucket, or a local directory for a write-ahead log kept on local disk. Failures are {@link
 * BlobException}s.
 */
interface Blobs extends AutoCloseable {

  /** The object's bytes, or null when there is none. */
  byte[] get(String key);

  /** Writes the object unless one exists (atomically): true when written, false when it existed. */
  boolean putIfAbsent(String key, byte[] bytes);

  /** Writes the object, replacing any. */
  void put(String key, byte[] bytes);

  boolean exists(String key);

  /** Every key under {@code prefix}, in order. */
  List<String> list(String prefix);

  /** Deletes the objects; missing ones are no error. */
  void delete(Collection<String> keys);

  /** Where a key lives, for messages: {@code s3://bucket/path/key} or a file path. */
  String location(String key);

  @Override
  void close();
}

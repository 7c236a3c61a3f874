package dev.s2lite.emulator.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link Blobs} in a local directory, for a write-ahead log on local disk: a write is durable
 * once its file and directory entry are fsync'ed; "only if absent" is a hard link, which the
 * file system creates atomically or refuses.
 */
final class LocalBlobs implements Blobs {

  private final Path root;

  LocalBlobs(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new BlobException("cannot create the directory " + this.root + ": " + e.getMessage(), e);
    }
  }

  private Path file(String key) {
    return root.resolve(key);
  }

  @Override
  public byte[] get(String key) {
    try {
      return Files.readAllBytes(file(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new BlobException("cannot read " + file(key) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    Path target = file(key);
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = writeTemp(target, bytes);
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        return false;
      }
      syncDirectory(target.getParent());
      return true;
    } catch (IOException e) {
      throw new BlobException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public void put(String key, byte[] bytes) {
    Path target = file(key);
    try {
      Files.createDirectories(target.getParent());
      Path temp = writeTemp(target, bytes);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new BlobException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static Path writeTemp(Path target, byte[] bytes) throws IOException {
    Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    return temp;
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // a stray temporary file is harmless: its name never matches a key
      }
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(file(key));
  }

  @Override
  public List<String> list(String prefix) {
    Path dir = prefix.endsWith("/") ? file(prefix) : file(prefix).getParent();
    List<String> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        String key = root.relativize(f).toString().replace('\\', '/');
        if (key.startsWith(prefix) && !f.getFileName().toString().startsWith(".tmp-")) {
          keys.add(key);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new BlobException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(Collection<String> keys) {
    for (String key : keys) {
      try {
        Files.deleteIfExists(file(key));
      } catch (IOException e) {
        throw new BlobException("cannot delete " + file(key) + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String location(String key) {
    return file(key).toString();
  }

  @Override
  public void close() {
    // nothing held open
  }
}

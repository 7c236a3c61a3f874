package dev.s2lite.junit.published;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Maven local repository that consumer builds use: this build's artifacts installed under
 * dev/s2lite as {@code mvn install} would put them, and every other top-level folder a link into
 * this build's own local repository. Third-party artifacts are shared (and downloaded once), and
 * nothing of ours is installed where other checkouts' builds would find it.
 */
final class LocalRepository {

  static final String GROUP = "dev/s2lite";

  private static LocalRepository instance;

  private final Path root;
  private final String version;

  private LocalRepository(Path root, String version) {
    this.root = root;
    this.version = version;
  }

  static synchronized LocalRepository get() {
    if (instance == null) {
      try {
        instance = create(Path.of(property("s2lite.it.repository")), Path.of(property("maven.repo.local")),
            property("s2lite.version"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  Path root() {
    return root;
  }

  String version() {
    return version;
  }

  Path pom(String artifactId) {
    return file(artifactId, "pom");
  }

  Path jar(String artifactId) {
    return file(artifactId, "jar");
  }

  private Path file(String artifactId, String extension) {
    return root.resolve(GROUP).resolve(artifactId).resolve(version)
        .resolve(artifactId + "-" + version + "." + extension);
  }

  private static LocalRepository create(Path root, Path shared, String version) throws IOException {
    Files.createDirectories(root.resolve("dev"));
    link(shared, root, "dev");
    link(shared.resolve("dev"), root.resolve("dev"), "s2lite");
    deleteTree(root.resolve(GROUP));
    LocalRepository repository = new LocalRepository(root, version);
    install(Path.of(property("s2lite.parent.pom")), repository.pom("s2lite-parent"));
    // The emulator's published POM is the one the shade plugin reduced: the relocated dependencies are inside the jar.
    install(Path.of(property("s2lite.emulator.pom")), repository.pom("s2lite-emulator"));
    install(Path.of(property("s2lite.emulator.jar")), repository.jar("s2lite-emulator"));
    install(Path.of(property("s2lite.junit5.pom")), repository.pom("s2lite-junit5"));
    install(Path.of(property("s2lite.junit5.jar")), repository.jar("s2lite-junit5"));
    return repository;
  }

  /** Links each entry of {@code from} into {@code to}, except {@code own} and what is already there. */
  private static void link(Path from, Path to, String own) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Path target = to.resolve(entry.getFileName().toString());
        if (!entry.getFileName().toString().equals(own) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(target, entry.toAbsolutePath());
        }
      }
    }
  }

  private static void install(Path file, Path target) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: the consumer tests need the packaged artifacts (run mvn verify)");
    }
    Files.createDirectories(target.getParent());
    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set: run through mvn verify"
          + " (junit-extension/pom.xml's failsafe configuration sets it)");
    }
    return value;
  }
}

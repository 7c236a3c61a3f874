package dev.s2lite.junit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit Jupiter the tests run on. s2lite-junit5 is built against 5.13 but uses only API that
 * 5.10 has, except where this class says a newer feature is there.
 */
final class Jupiter {

  static final int MIN_MAJOR = 5;
  static final int MIN_MINOR = 10;

  private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)");

  /** The jar's own version; null when its manifest was lost (e.g. repackaged into another jar). */
  private static final String VERSION = ExtensionContext.class.getPackage().getImplementationVersion();

  /** ResourceLocksProvider (5.12): lets {@code @S2Lite} take the system-properties lock itself. */
  static final boolean HAS_RESOURCE_LOCKS_PROVIDER = present("org.junit.jupiter.api.parallel.ResourceLocksProvider");

  /** TestInstantiationAwareExtension (5.12): constructors can get a per-test server. */
  static final boolean HAS_TEST_INSTANTIATION_SCOPE =
      present("org.junit.jupiter.api.extension.TestInstantiationAwareExtension");

  private Jupiter() {}

  /** Fails the class, in one line, on a JUnit older than s2lite-junit5 supports. */
  static void requireSupported() {
    unsupported(VERSION).ifPresent(message -> {
      throw new ExtensionConfigurationException(message);
    });
  }

  /** Why {@code version} (an Implementation-Version) is unsupported, or empty if it is not known to be. */
  static Optional<String> unsupported(String version) {
    if (version == null) {
      return Optional.empty();
    }
    Matcher m = MAJOR_MINOR.matcher(version);
    if (!m.lookingAt()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major > MIN_MAJOR || major == MIN_MAJOR && minor >= MIN_MINOR) {
      return Optional.empty();
    }
    return Optional.of("s2lite-junit5 needs JUnit Jupiter " + MIN_MAJOR + "." + MIN_MINOR + " or later, but this"
        + " test runs on junit-jupiter-api " + version + ": import org.junit:junit-bom " + MIN_MAJOR + "."
        + MIN_MINOR + ".0 or later (or declare org.junit.jupiter:junit-jupiter at that version)");
  }

  static String version() {
    return VERSION == null ? "(unknown version)" : VERSION;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Jupiter.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

package dev.s2lite.junit.published;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a jar we publish may hold, so that it cannot clash with a user's classpath: our classes
 * (third-party ones relocated under dev.s2lite.shaded), licences and Maven metadata. Each
 * violation is one line that says what to change in the shade configuration.
 */
final class JarRules {

  private static final String SHADE_CONFIG = "the 'relocated' shade execution in emulator/pom.xml";

  private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.*)");

  private static final Pattern HARMLESS_META_INF = Pattern.compile(
      "META-INF/(MANIFEST\\.MF|maven/.*|(LICENSE|NOTICE|DEPENDENCIES)[^/]*|[^/]*-(LICENSE|NOTICE)[^/]*)");

  /** Files a logging framework reads from anywhere on the classpath, by these names. */
  private static final Set<String> LOGGING_FILES = Set.of(
      "simplelogger.properties", "logback.xml", "logback-test.xml", "logback.groovy", "log4j2.xml",
      "log4j2-test.xml", "log4j2.properties", "log4j2.component.properties", "log4j.properties", "log4j.xml",
      "commons-logging.properties", "logging.properties",
      "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
      "META-INF/services/org.apache.logging.log4j.spi.Provider",
      "org/slf4j/impl/StaticLoggerBinder.class");

  private JarRules() {}

  static List<String> violations(String artifact, Path jar) throws IOException {
    List<String> violations = new ArrayList<>();
    Map<String, List<String>> unrelocated = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        Matcher versioned = VERSIONED.matcher(name);
        String path = versioned.matches() ? versioned.group(1) : name;
        if (LOGGING_FILES.contains(name)) {
          violations.add(artifact + " holds " + name + ", a logging binding or configuration that would take over"
              + " the user's logging: exclude it in " + SHADE_CONFIG);
        } else if (path.endsWith(".class") && !path.startsWith("dev/s2lite/")) {
          unrelocated.computeIfAbsent(root(path), r -> new ArrayList<>()).add(name);
        } else if (name.startsWith("META-INF/services/") && !name.startsWith("META-INF/services/dev.s2lite.")) {
          violations.add(artifact + " holds " + name + ": it would register the emulator's copy with the user's"
              + " own ServiceLoader lookups of " + name.substring("META-INF/services/".length())
              + "; exclude it in " + SHADE_CONFIG + " (and make the emulator not depend on it)");
        } else if (!path.startsWith("dev/s2lite/") && !name.startsWith("META-INF/services/dev.s2lite.")
            && !HARMLESS_META_INF.matcher(name).matches()) {
          violations.add(artifact + " holds " + name + " outside dev/s2lite, where the user's classpath lookups"
              + " would find it: relocate its package, or exclude it in " + SHADE_CONFIG);
        }
      }
    }
    unrelocated.forEach((root, names) -> violations.add(artifact + " holds unrelocated classes under " + root
        + "/ (" + names.size() + ", e.g. " + names.get(0) + "): add a relocation of '" + root
        + ".' (and " + root + " to the multi-release pattern) to " + SHADE_CONFIG));
    return violations;
  }

  private static String root(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? "(the default package)" : path.substring(0, slash);
  }
}

package dev.s2lite.junit.published;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A user's Maven project that tests with @S2Lite: generated from src/it/consumer (and src/it/clash
 * on top, for the clashing one) into target/consumers/NAME, then built with {@code mvn test}.
 */
record ConsumerProject(String name, String junitVersion, Style style, boolean clash, String surefireVersion) {

  static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** How the project declares JUnit. */
  enum Style {
    /** Imports org.junit:junit-bom, then declares junit-jupiter without a version. */
    BOM,
    /** Declares junit-jupiter with a version, after s2lite-junit5 (the order where ours would win). */
    PLAIN
  }

  /** Older versions of the emulator's own libraries, as Spring Boot 2-era projects pin them, and Logback. */
  private static final List<String[]> CLASHING = List.of(
      new String[] {"com.fasterxml.jackson.core", "jackson-databind", "2.12.7"},
      new String[] {"org.eclipse.jetty", "jetty-server", "9.4.57.v20241219"},
      new String[] {"com.google.protobuf", "protobuf-java", "3.25.5"},
      new String[] {"org.jetbrains.kotlin", "kotlin-stdlib", "1.9.25"},
      new String[] {"ch.qos.logback", "logback-classic", "1.5.38"});

  record Reports(int tests, int failures, int errors, int skipped) {
    int passed() {
      return tests - failures - errors - skipped;
    }
  }

  record Build(Path directory, int exitCode, String log, Reports reports, long seconds) {
    /** The end of the build's output, where Maven says what failed. */
    String tail() {
      String[] lines = log.split("\n");
      return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }
  }

  static ConsumerProject of(String junitVersion, Style style) {
    return new ConsumerProject("junit-" + junitVersion + "-" + style.name().toLowerCase(), junitVersion, style, false,
        LocalRepository.property("s2lite.it.surefire-plugin"));
  }

  static ConsumerProject clash(String junitVersion, Style style) {
    return new ConsumerProject("clash-junit-" + junitVersion + "-" + style.name().toLowerCase(), junitVersion, style, true,
        LocalRepository.property("s2lite.it.surefire-plugin"));
  }

  /** The same project on another Surefire, e.g. 2.12.4, Maven 3.8's default. */
  ConsumerProject withSurefire(String version) {
    return new ConsumerProject(name + "-surefire-" + version, junitVersion, style, clash, version);
  }

  @Override
  public String toString() {
    return name;
  }

  Build build(LocalRepository repository) throws IOException, InterruptedException {
    Path dir = Path.of(LocalRepository.property("s2lite.it.consumers")).resolve(name);
    generate(dir, repository.version());
    Path log = dir.resolve("build.log");
    ProcessBuilder mvn = new ProcessBuilder(Path.of(LocalRepository.property("maven.home"), "bin", "mvn").toString(),
        "-B", "-ntp", "-Dmaven.repo.local=" + repository.root(), "test")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    mvn.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // A short-lived Maven spends much of its CPU in the JIT: C1 alone costs a fifth less.
    mvn.environment().merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", (mine, ours) -> mine + " " + ours);
    long start = System.nanoTime();
    Process process = mvn.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("mvn test in " + dir + " took more than " + TIMEOUT + "; its output is in " + log);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    return new Build(dir, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), reports(dir), seconds);
  }

  private void generate(Path dir, String s2liteVersion) throws IOException {
    deleteTree(dir);
    Path templates = Path.of(LocalRepository.property("s2lite.it.templates"));
    copyTree(templates.resolve("consumer"), dir);
    if (clash) {
      copyTree(templates.resolve("clash"), dir);
    }
    Path pom = dir.resolve("pom.xml");
    String text = Files.readString(pom, StandardCharsets.UTF_8);
    Map<String, String> values = Map.of(
        "NAME", name,
        "JUNIT_VERSION", junitVersion,
        "DEPENDENCY_MANAGEMENT", style == Style.BOM ? junitBom() : "",
        "DEPENDENCIES", dependencies(s2liteVersion),
        "RESOURCES_PLUGIN", LocalRepository.property("s2lite.it.resources-plugin"),
        "COMPILER_PLUGIN", LocalRepository.property("s2lite.it.compiler-plugin"),
        "SUREFIRE_PLUGIN", surefireVersion);
    for (Map.Entry<String, String> v : values.entrySet()) {
      text = text.replace("@@" + v.getKey() + "@@", v.getValue());
    }
    if (text.contains("@@")) {
      throw new IllegalStateException("unfilled marker left in " + pom);
    }
    Files.writeString(pom, text, StandardCharsets.UTF_8);
  }

  private String junitBom() {
    return """

          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.junit</groupId>
                <artifactId>junit-bom</artifactId>
                <version>%s</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
        """.formatted(junitVersion).stripTrailing();
  }

  private String dependencies(String s2liteVersion) {
    List<String> deps = new ArrayList<>();
    deps.add(dependency("dev.s2lite", "s2lite-junit5", s2liteVersion));
    deps.add(dependency("org.junit.jupiter", "junit-jupiter", style == Style.BOM ? null : junitVersion));
    if (clash) {
      CLASHING.forEach(c -> deps.add(dependency(c[0], c[1], c[2])));
    }
    return String.join("\n", deps);
  }

  private static String dependency(String groupId, String artifactId, String version) {
    return "    <dependency>\n"
        + "      <groupId>" + groupId + "</groupId>\n"
        + "      <artifactId>" + artifactId + "</artifactId>\n"
        + (version == null ? "" : "      <version>" + version + "</version>\n")
        + "      <scope>test</scope>\n"
        + "    </dependency>";
  }

  /**
   * Counted from the test cases of Surefire's XML reports: the suites' own totals miss the tests
   * of {@code @Nested} classes.
   */
  private static Reports reports(Path dir) throws IOException {
    Path reports = dir.resolve("target/surefire-reports");
    String all = "";
    if (Files.isDirectory(reports)) {
      try (Stream<Path> files = Files.list(reports)) {
        StringBuilder xml = new StringBuilder();
        for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".xml"))::iterator) {
          xml.append(Files.readString(f, StandardCharsets.UTF_8));
        }
        all = xml.toString();
      }
    }
    return new Reports(count(all, "<testcase "), count(all, "<failure"), count(all, "<error"), count(all, "<skipped"));
  }

  private static int count(String text, String element) {
    return (int) Pattern.compile(Pattern.quote(element) + "\\b").matcher(text).results().count();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
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
}

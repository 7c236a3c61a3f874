package dev.s2lite.junit.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a user's build gets from {@code dev.s2lite:s2lite-junit5}, read from the POMs and jars as
 * {@code mvn install} publishes them: our jars, holding nothing outside dev/s2lite, and only the
 * third-party artifacts named here.
 */
class PublishedArtifactsIT {

  /** Third-party artifacts our POMs may bring, and why they cannot be relocated inside our jar. */
  private static final Map<String, String> ALLOWED = Map.of(
      "org.slf4j:slf4j-api", "the emulator logs through it, so the user's own binding decides where logs go",
      "com.github.luben:zstd-jni", "its native library's JNI symbols name its classes, so they cannot move");

  private static final Set<String> LOGGING_BINDINGS = Set.of(
      "org.slf4j:slf4j-simple", "org.slf4j:slf4j-nop", "org.slf4j:slf4j-jdk14", "org.slf4j:slf4j-reload4j",
      "org.slf4j:slf4j-log4j12", "ch.qos.logback:logback-classic", "org.apache.logging.log4j:log4j-slf4j-impl",
      "org.apache.logging.log4j:log4j-slf4j2-impl", "org.apache.logging.log4j:log4j-core");

  private final LocalRepository repository = LocalRepository.get();

  @Test
  void theJUnitArtifactBringsOnlyOurJarsSlf4jApiAndZstdJni() throws IOException {
    Brought brought = walk("s2lite-junit5");

    assertThat(brought.ours()).containsExactly("s2lite-junit5", "s2lite-emulator");
    List<String> problems = new ArrayList<>();
    for (String coordinates : brought.thirdParty()) {
      if (LOGGING_BINDINGS.contains(coordinates)) {
        problems.add(coordinates + " is a logging binding: it would fight the user's own (declare it optional,"
            + " test scope, or leave it out)");
      } else if (!ALLOWED.containsKey(coordinates)) {
        problems.add(coordinates + " reaches users unrelocated: let the 'relocated' shade execution in"
            + " emulator/pom.xml include it (it is excluded there), or mark it optional");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void ourJarsHoldNothingOutsideDevS2liteAndNoLoggingConfiguration() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String artifactId : walk("s2lite-junit5").ours()) {
      violations.addAll(JarRules.violations("dev.s2lite:" + artifactId, repository.jar(artifactId)));
    }

    assertThat(violations).isEmpty();
  }

  @Test
  void theJUnitArtifactLeavesJUnitToTheUser() throws IOException {
    Pom junit5 = Pom.read(repository.pom("s2lite-junit5"));

    assertThat(junit5.dependencies())
        .filteredOn(d -> d.groupId().startsWith("org.junit"))
        .allSatisfy(d -> assertThat(d.transitive())
            .as("%s must not reach the user's classpath (provided scope), or it would raise or lower their JUnit", d.coordinates())
            .isFalse());
  }

  private record Brought(Set<String> ours, Set<String> thirdParty) {}

  /** Our artifacts and the third-party ones that depending on {@code artifactId} brings, transitively. */
  private Brought walk(String artifactId) throws IOException {
    Brought brought = new Brought(new LinkedHashSet<>(), new LinkedHashSet<>());
    walk(artifactId, brought);
    return brought;
  }

  private void walk(String artifactId, Brought brought) throws IOException {
    if (!brought.ours().add(artifactId)) {
      return;
    }
    // Dependencies declared in a parent POM are inherited, so the parents count too.
    for (String pom = artifactId; pom != null; ) {
      Pom read = Pom.read(repository.pom(pom));
      for (Pom.Dependency d : read.dependencies()) {
        if (!d.transitive()) {
          continue;
        }
        if (d.groupId().equals("dev.s2lite")) {
          walk(d.artifactId(), brought);
        } else {
          brought.thirdParty().add(d.coordinates());
        }
      }
      pom = read.parentArtifactId().orElse(null);
    }
  }
}

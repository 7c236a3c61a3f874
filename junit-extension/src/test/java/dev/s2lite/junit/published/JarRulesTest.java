package dev.s2lite.junit.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules PublishedArtifactsIT applies to our jars, on jars made to break them. */
class JarRulesTest {

  @TempDir
  Path dir;

  @Test
  void ourClassesRelocatedOnesLicencesAndMavenMetadataPass() throws IOException {
    Path jar = jar("META-INF/MANIFEST.MF", "META-INF/LICENSE.txt", "META-INF/FastDoubleParser-NOTICE",
        "META-INF/maven/dev.s2lite/s2lite-emulator/pom.xml", "dev/s2lite/emulator/Main.class",
        "dev/s2lite/emulator/version.properties", "dev/s2lite/shaded/org/eclipse/jetty/server/Server.class",
        "META-INF/versions/17/dev/s2lite/shaded/com/fasterxml/jackson/core/X.class",
        "META-INF/services/dev.s2lite.shaded.org.eclipse.jetty.http.HttpFieldPreEncoder");

    assertThat(JarRules.violations("x", jar)).isEmpty();
  }

  @Test
  void unrelocatedClassesAreReportedOncePerPackageRootNamingTheRelocationToAdd() throws IOException {
    Path jar = jar("okio/Buffer.class", "okio/Okio.class", "META-INF/versions/11/org/h2/util/Utils.class");

    List<String> violations = JarRules.violations("dev.s2lite:s2lite-emulator", jar);

    assertThat(violations).containsExactlyInAnyOrder(
        "dev.s2lite:s2lite-emulator holds unrelocated classes under org/ (1, e.g. META-INF/versions/11/org/h2/util/Utils.class):"
            + " add a relocation of 'org.' (and org to the multi-release pattern) to the 'relocated' shade execution in emulator/pom.xml",
        "dev.s2lite:s2lite-emulator holds unrelocated classes under okio/ (2, e.g. okio/Buffer.class):"
            + " add a relocation of 'okio.' (and okio to the multi-release pattern) to the 'relocated' shade execution in emulator/pom.xml");
  }

  @Test
  void loggingBindingsAndTheirConfigurationAreReported() throws IOException {
    Path jar = jar("simplelogger.properties", "logback.xml", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
        "org/slf4j/impl/StaticLoggerBinder.class");

    assertThat(JarRules.violations("x", jar)).hasSize(4).allSatisfy(v -> assertThat(v).contains("logging"));
  }

  @Test
  void serviceFilesForInterfacesOutsideOurNamespaceAreReported() throws IOException {
    Path jar = jar("META-INF/services/java.sql.Driver");

    assertThat(JarRules.violations("x", jar)).singleElement().asString()
        .contains("META-INF/services/java.sql.Driver", "ServiceLoader lookups of java.sql.Driver");
  }

  @Test
  void resourcesOutsideDevS2liteAreReported() throws IOException {
    Path jar = jar("jndi.properties", "google/protobuf/any.proto", "META-INF/native-image/x/resource-config.json",
        "META-INF/javalin.kotlin_module");

    assertThat(JarRules.violations("x", jar)).hasSize(4)
        .allSatisfy(v -> assertThat(v).contains("outside dev/s2lite"));
  }

  private Path jar(String... entries) throws IOException {
    Path jar = Files.createTempFile(dir, "artifact", ".jar");
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(1);
        zip.closeEntry();
      }
    }
    return jar;
  }
}

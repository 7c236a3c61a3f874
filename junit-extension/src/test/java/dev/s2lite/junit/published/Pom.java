package dev.s2lite.junit.published;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** The parts of a published POM that decide what it brings onto a user's classpath. */
record Pom(Optional<String> parentArtifactId, List<Dependency> dependencies) {

  /** A dependency as declared; scope is "compile" when the POM leaves it out. */
  record Dependency(String groupId, String artifactId, String scope, boolean optional) {

    /** Whether Maven and Gradle put it on the classpath of a project that depends on this POM. */
    boolean transitive() {
      return !optional && (scope.equals("compile") || scope.equals("runtime"));
    }

    String coordinates() {
      return groupId + ":" + artifactId;
    }
  }

  static Pom read(Path file) throws IOException {
    Element project;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      project = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    Optional<String> parent = child(project, "parent").map(p -> text(p, "artifactId", ""));
    List<Dependency> dependencies = new ArrayList<>();
    child(project, "dependencies").ifPresent(list -> {
      for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element d && d.getTagName().equals("dependency")) {
          dependencies.add(new Dependency(text(d, "groupId", ""), text(d, "artifactId", ""),
              text(d, "scope", "compile"), Boolean.parseBoolean(text(d, "optional", "false"))));
        }
      }
    });
    return new Pom(parent, List.copyOf(dependencies));
  }

  private static Optional<Element> child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static String text(Element parent, String tag, String otherwise) {
    return child(parent, tag).map(e -> e.getTextContent().strip()).orElse(otherwise);
  }
}

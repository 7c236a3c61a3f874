package dev.s2lite.junit;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.commons.support.AnnotationSupport;

/** Classes whose {@code @S2Lite} publishes system properties hold JUnit's system-properties lock. */
final class SystemPropertiesLock implements ResourceLocksProvider {

  /** The resource every {@code @S2Lite} class reads; nothing writes it. */
  static final String S2LITE = "dev.s2lite.junit.S2Lite";

  @Override
  public Set<Lock> provideForClass(Class<?> testClass) {
    boolean publishes = AnnotationSupport.findAnnotation(testClass, S2Lite.class)
        .map(S2Lite::systemProperties)
        .orElse(false);
    return publishes
        ? Set.of(new Lock(Resources.SYSTEM_PROPERTIES, ResourceAccessMode.READ_WRITE))
        : Set.of();
  }

  @Override
  public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
    return provideForClass(testClass);
  }
}

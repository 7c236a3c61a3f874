package dev.s2lite.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs an S2 emulator in this JVM for the annotated test class, and injects an {@link S2LiteInfo}
 * into constructors, lifecycle methods and test methods that ask for one.
 *
 * <pre>{@code
 * @S2Lite
 * class OrdersTest {
 *   @Test
 *   void createsABasin(S2LiteInfo s2) {
 *     // point an S2 client at s2.endpoint(), with s2.accessToken() and s2.uniqueBasinName()
 *   }
 * }
 * }</pre>
 *
 * <p>The {@code *ExampleTest} classes of this module's tests are worked, compiled examples (class,
 * method and global scope, nested classes, a composed annotation, parallel execution).
 *
 * <p>Nested classes share the enclosing class's server unless they carry their own
 * {@code @S2Lite}. The annotation may be placed on users' own composed annotations.
 *
 * <p>Works with JUnit Jupiter 5.10 and later, and fails the class in one line on older ones. Two
 * things need 5.12 or later: injecting a {@link Lifecycle#PER_METHOD} server into constructors,
 * and the system-properties lock that {@link #systemProperties()} takes on its own (on 5.10 and
 * 5.11, annotate such classes with {@code @ResourceLock(Resources.SYSTEM_PROPERTIES)} if they run
 * in parallel). Every {@code @S2Lite} class holds a shared read lock of its own, so under
 * parallel execution a class whose tests also take a read-write lock runs them one at a time.
 *
 * @see S2LiteExtension#builder() the same options for {@code @RegisterExtension}
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(S2LiteExtension.class)
// JUnit before 5.12 ignores providers but requires a value: a read lock that excludes no other @S2Lite class.
@ResourceLock(value = SystemPropertiesLock.S2LITE, mode = ResourceAccessMode.READ, providers = SystemPropertiesLock.class)
public @interface S2Lite {

  /**
   * A classpath resource in the {@code s2 apply} / {@code --init-file} JSON format, applied when
   * the server starts: e.g. {@code "s2/init.json"}. Empty (the default) for none.
   */
  String initFile() default "";

  /** Basins to create (default configuration) when the server starts, after the init file. */
  String[] basins() default {};

  /** How long one server lives, and so which tests share it; default {@link Lifecycle#PER_CLASS}. */
  Lifecycle lifecycle() default Lifecycle.PER_CLASS;

  /**
   * Whether to publish the server as the system properties {@code S2_ACCOUNT_ENDPOINT},
   * {@code S2_BASIN_ENDPOINT} and {@code S2_ACCESS_TOKEN} while it serves the class (restored
   * afterwards). Classes that do are not run concurrently with each other; default false.
   */
  boolean systemProperties() default false;

  /**
   * Whether the server checks bearer tokens as the S2 cloud does ({@code --auth}); default false,
   * as s2-lite. {@link S2LiteInfo#accessToken()} is then the root token, and
   * {@link S2LiteInfo#issueAccessToken} makes scoped ones.
   */
  boolean auth() default false;

  /**
   * Whether the server speaks HTTPS with a self-signed certificate ({@code --tls-self}); default
   * false. {@link S2LiteInfo#endpoint()} is then {@code https://...} and
   * {@link S2LiteInfo#sslContext()} trusts the certificate.
   */
  boolean tls() default false;

  /** Which tests share one server. */
  enum Lifecycle {
    /** One server for the class and its nested classes, started before all its tests and stopped after them. */
    PER_CLASS,
    /** A fresh server for each test, stopped after it. */
    PER_METHOD,
    /**
     * One server for the whole test run, shared by every class that asks for it with the same
     * options, stopped when the run ends.
     */
    GLOBAL
  }
}

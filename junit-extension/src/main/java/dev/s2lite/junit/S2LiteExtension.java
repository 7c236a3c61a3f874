package dev.s2lite.junit;

import dev.s2lite.junit.S2Lite.Lifecycle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link S2Lite}; register it yourself to configure it in code.
 *
 * <pre>{@code
 * class OrdersTest {
 *   @RegisterExtension
 *   static S2LiteExtension s2 = S2LiteExtension.builder().basins("orders-basin").build();
 *
 *   @Test
 *   void createsAStream(S2LiteInfo s2) {
 *     // an S2 client on s2.endpoint(); the basin "orders-basin" exists
 *   }
 * }
 * }</pre>
 *
 * <p>ProgrammaticRegistrationExampleTest, in this module's tests, runs an example like this one.
 *
 * <p>The field must be static. The extension keeps no state of its own: servers, leases and
 * published properties live in JUnit's {@link Store}, so nested classes and parallel execution
 * see the right server. With {@code systemProperties(true)} declare
 * {@code @ResourceLock(Resources.SYSTEM_PROPERTIES)} on the class yourself ({@code @S2Lite}
 * does that on its own on JUnit 5.12 and later).
 */
public final class S2LiteExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(S2LiteExtension.class);

  private final Config config;

  /** The extension as {@link S2Lite} registers it: options come from the annotation. */
  public S2LiteExtension() {
    this(Config.DEFAULTS);
  }

  private S2LiteExtension(Config config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  private record DeclarationKey(String contextId) {}

  private record ServerKey(String contextId) {}

  private record GlobalServerKey(String initFile, List<String> basins, boolean auth, boolean tls) {}

  private record LeaseKey(String contextId) {}

  private record PropertiesKey(String contextId) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Jupiter.requireSupported();
    ServerEvents.sink(context).accept(
        new ServerEvents.Event(ServerEvents.Kind.BEFORE_ALL, null, System.nanoTime()));
    Declaration declaration = declare(context);
    if (declaration != null && declaration.config().systemProperties()) {
      requireSystemPropertiesLock(context, declaration);
    }
    if (declaration == null || declaration.config().lifecycle() == Lifecycle.PER_METHOD) {
      return;
    }
    RunningServer server = server(context, declaration);
    if (declaration.config().systemProperties()) {
      publish(context, server);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Jupiter.requireSupported();
    Declaration declaration = nearestDeclaration(context)
        .orElseThrow(() -> new ExtensionConfigurationException(noServer(context)));
    RunningServer server = server(context, declaration);
    if (declaration.config().systemProperties() && declaration.config().lifecycle() == Lifecycle.PER_METHOD) {
      publish(context, server);
    }
    store(context).put(new LeaseKey(context.getUniqueId()), server.gate().enter());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Gate.Lease lease = store(context).remove(new LeaseKey(context.getUniqueId()), Gate.Lease.class);
    if (lease != null) {
      lease.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S2LiteInfo.class;
  }

  @Override
  public S2LiteInfo resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Jupiter.requireSupported();
    if (context.getTestMethod().isEmpty() && context.getTestClass().isPresent()) {
      // Constructors of @TestInstance(PER_CLASS) classes run before beforeAll.
      declare(context);
    }
    Declaration declaration = nearestDeclaration(context)
        .orElseThrow(() -> new ParameterResolutionException(noServer(context)));
    if (declaration.config().lifecycle() == Lifecycle.PER_METHOD && context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(declaration.origin() + " starts a server per test"
          + " (Lifecycle.PER_METHOD), so there is none to inject into "
          + parameter.getDeclaringExecutable().getName() + ": inject S2LiteInfo into test methods,"
          + (Jupiter.HAS_TEST_INSTANTIATION_SCOPE
              ? " @BeforeEach/@AfterEach methods or the constructor"
              : " or @BeforeEach/@AfterEach methods (constructors need JUnit 5.12 or later; this is "
                  + Jupiter.version() + ")")
          + ", or use Lifecycle.PER_CLASS or GLOBAL");
    }
    RunningServer server = server(context, declaration);
    Store store = store(context);
    LeaseKey leaseKey = new LeaseKey(context.getUniqueId());
    BasinNames names = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(BasinNames.class, k -> new BasinNames(), BasinNames.class);
    String hint = context.getTestMethod().map(Method::getName)
        .orElseGet(() -> context.getTestClass().map(Class::getSimpleName).orElse("basin"));
    return new S2LiteInfo(server, () -> store.get(leaseKey, Gate.Lease.class), () -> names.next(hint));
  }

  /** Constructors get the test's own context, where a per-test server lives (JUnit 5.12 and later ask). */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /** Records the class's own declaration, if it has one; null when it shares an enclosing one. */
  private Declaration declare(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Optional<S2Lite> annotation = AnnotationSupport.findAnnotation(testClass, S2Lite.class);
    List<Field> fields = registrationFields(testClass);
    Config declared;
    String origin;
    if (!fields.isEmpty()) {
      if (annotation.isPresent() || fields.size() > 1) {
        throw new ExtensionConfigurationException(testClass.getName() + " declares more than one S2 server ("
            + (annotation.isPresent() ? "@S2Lite and " : "") + fieldNames(fields) + "): keep one");
      }
      Field field = fields.get(0);
      if (!Modifier.isStatic(field.getModifiers())) {
        throw new ExtensionConfigurationException("the S2LiteExtension field " + field.getName() + " of "
            + testClass.getName() + " must be static");
      }
      declared = ((S2LiteExtension) ReflectionSupport.tryToReadFieldValue(field, null)
          .getOrThrow(e -> new ExtensionConfigurationException("cannot read " + field, e))).config;
      origin = "the S2LiteExtension field " + testClass.getName() + "." + field.getName();
    } else if (annotation.isPresent()) {
      declared = Config.of(annotation.get());
      origin = "@S2Lite on " + testClass.getName();
    } else if (context.getParent().flatMap(S2LiteExtension::nearestDeclaration).isPresent()) {
      return null;
    } else {
      declared = config;
      origin = "S2LiteExtension on " + testClass.getName();
    }
    return store(context).getOrComputeIfAbsent(new DeclarationKey(context.getUniqueId()),
        k -> new Declaration(declared, origin, annotation.isPresent() && fields.isEmpty(), context.getUniqueId()),
        Declaration.class);
  }

  private static List<Field> registrationFields(Class<?> testClass) {
    return ReflectionSupport.findFields(testClass,
        f -> f.isAnnotationPresent(RegisterExtension.class) && S2LiteExtension.class.isAssignableFrom(f.getType()),
        HierarchyTraversalMode.TOP_DOWN);
  }

  private static String fieldNames(List<Field> fields) {
    return fields.stream().map(f -> "field " + f.getName()).reduce((a, b) -> a + ", " + b).orElse("");
  }

  private static Optional<Declaration> nearestDeclaration(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Declaration d = store(c).get(new DeclarationKey(c.getUniqueId()), Declaration.class);
      if (d != null) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The server {@code declaration} gives {@code context}, started if its lifecycle starts one here. */
  private static RunningServer server(ExtensionContext context, Declaration declaration) {
    ClassLoader loader = context.getTestClass().map(Class::getClassLoader)
        .orElseGet(() -> Thread.currentThread().getContextClassLoader());
    Config config = declaration.config();
    return switch (config.lifecycle()) {
      case PER_CLASS -> store(context).getOrComputeIfAbsent(new ServerKey(declaration.contextId()),
          k -> RunningServer.start(declaration, loader, ServerEvents.sink(context)), RunningServer.class);
      case PER_METHOD -> store(context).getOrComputeIfAbsent(new ServerKey(context.getUniqueId()),
          k -> RunningServer.start(declaration, loader, ServerEvents.sink(context)), RunningServer.class);
      case GLOBAL -> context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
          new GlobalServerKey(config.initFile(), config.basins(), config.auth(), config.tls()),
          k -> RunningServer.start(declaration, loader, ServerEvents.sink(context)), RunningServer.class);
    };
  }

  /**
   * Under parallel execution, a class that publishes system properties must hold JUnit's lock on
   * them; {@code @S2Lite} takes it on its own from JUnit 5.12, everything else must declare it.
   */
  private static void requireSystemPropertiesLock(ExtensionContext context, Declaration declaration) {
    boolean parallel = context.getConfigurationParameter("junit.jupiter.execution.parallel.enabled")
        .map(Boolean::parseBoolean).orElse(false);
    boolean locked = declaration.annotated() && Jupiter.HAS_RESOURCE_LOCKS_PROVIDER
        || locksSystemProperties(context.getRequiredTestClass());
    if (parallel && !locked) {
      throw new ExtensionConfigurationException(declaration.origin() + " publishes system properties while"
          + " JUnit runs tests in parallel: annotate the class with"
          + " @ResourceLock(Resources.SYSTEM_PROPERTIES) so that no other test runs meanwhile"
          + (declaration.annotated() ? " (JUnit 5.12 and later take that lock for @S2Lite on their own; this is "
              + Jupiter.version() + ")" : ""));
    }
  }

  /** Whether the class, or a class enclosing it, holds the read-write lock on system properties. */
  static boolean locksSystemProperties(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      boolean locked = AnnotationSupport.findRepeatableAnnotations(c, ResourceLock.class).stream()
          .anyMatch(lock -> lock.value().equals(Resources.SYSTEM_PROPERTIES) && lock.mode() == ResourceAccessMode.READ_WRITE);
      if (locked) {
        return true;
      }
    }
    return false;
  }

  private static void publish(ExtensionContext context, RunningServer server) {
    store(context).getOrComputeIfAbsent(new PropertiesKey(context.getUniqueId()),
        k -> PublishedProperties.publish(server.endpoint(), server.accessToken()), PublishedProperties.class);
  }

  private static String noServer(ExtensionContext context) {
    String where = context.getTestClass().map(Class::getName).orElse("this test")
        + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
    return "no S2 server is declared for " + where + ": annotate the test class with @S2Lite"
        + " (dev.s2lite.junit.S2Lite), or register one in a static field:"
        + " @RegisterExtension static S2LiteExtension s2 = S2LiteExtension.builder().build();";
  }

  private static Store store(ExtensionContext context) {
    return context.getStore(NAMESPACE);
  }

  /**
   * The options of a programmatically registered extension: the same as {@link S2Lite}'s
   * attributes, with the same defaults.
   */
  public static final class Builder {
    private String initFile = "";
    private List<String> basins = List.of();
    private Lifecycle lifecycle = Lifecycle.PER_CLASS;
    private boolean systemProperties;
    private boolean auth;
    private boolean tls;

    private Builder() {}

    /** See {@link S2Lite#initFile()}: a classpath resource applied at start. */
    public Builder initFile(String classpathResource) {
      this.initFile = Objects.requireNonNull(classpathResource, "classpathResource");
      return this;
    }

    /** See {@link S2Lite#basins()}. */
    public Builder basins(String... names) {
      this.basins = List.of(names);
      return this;
    }

    /** See {@link S2Lite#lifecycle()}. */
    public Builder lifecycle(Lifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    /** See {@link S2Lite#systemProperties()}. */
    public Builder systemProperties(boolean systemProperties) {
      this.systemProperties = systemProperties;
      return this;
    }

    /** See {@link S2Lite#auth()}. */
    public Builder auth(boolean auth) {
      this.auth = auth;
      return this;
    }

    /** See {@link S2Lite#tls()}. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    public S2LiteExtension build() {
      return new S2LiteExtension(new Config(initFile, basins, lifecycle, systemProperties, auth, tls));
    }
  }
}

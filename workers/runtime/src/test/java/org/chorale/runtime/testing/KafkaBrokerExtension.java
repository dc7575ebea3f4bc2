package org.chorale.runtime.testing;

import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker per test JVM, shared by every test class that uses this extension, closed when the test run ends.
 *
 * <p>Which broker: system property {@value #CHOICE_PROPERTY} = {@code auto} (default: a Testcontainers
 * {@code KafkaContainer} when Testcontainers is on the classpath and Docker answers, else the embedded broker),
 * {@code embedded}, or {@code container} (fails when Docker is absent). Tests take a {@link TestBroker} parameter:
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class MyTest {
 *     @Test void works(TestBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    public static final String CHOICE_PROPERTY = "chorale.test.broker";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static TestBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    /** The broker of this JVM; the extension must have started it (any test class using it ran its beforeAll). */
    public static synchronized TestBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("no test broker: annotate the test class with "
                    + "@ExtendWith(KafkaBrokerExtension.class)");
        }
        return broker;
    }

    private static synchronized TestBroker broker(ExtensionContext context) {
        if (broker == null) {
            long started = System.nanoTime();
            broker = start(System.getProperty(CHOICE_PROPERTY, "auto").toLowerCase(Locale.ROOT));
            LOG.info("test broker ({}) on {} up in {} ms", broker.kind(), broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000);
            // the root store closes AutoCloseable values when the whole test run is over
            context.getRoot().getStore(NAMESPACE).put("broker", (AutoCloseable) KafkaBrokerExtension::stop);
        }
        return broker;
    }

    private static synchronized void stop() throws Exception {
        if (broker instanceof AutoCloseable closeable) {
            closeable.close();
        }
        broker = null;
    }

    private static TestBroker start(String choice) {
        return switch (choice) {
            case "embedded" -> EmbeddedTestBroker.start();
            case "container" -> {
                if (!dockerAvailable()) {
                    throw new IllegalStateException(CHOICE_PROPERTY + "=container, but Docker (or Testcontainers) "
                            + "is not available");
                }
                yield ContainerTestBroker.start();
            }
            case "auto" -> dockerAvailable() ? ContainerTestBroker.start() : EmbeddedTestBroker.start();
            default -> throw new IllegalArgumentException(CHOICE_PROPERTY + " must be auto, embedded or container, not "
                    + choice);
        };
    }

    /** False without Testcontainers on the classpath (it is optional for modules using this fixture) or Docker. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, KafkaBrokerExtension.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        try {
            return ContainerTestBroker.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker check failed", e);
            return false;
        }
    }
}

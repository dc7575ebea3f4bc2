package org.chorale.it.fleet;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link FleetBroker} per test JVM for the fault tests that do not restart it (each test isolates itself with
 * its own topic prefix), closed when the whole test run ends. Tests take a {@code FleetBroker} parameter.
 */
public final class SharedBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);
    private static FleetBroker broker;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FleetBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    private static synchronized FleetBroker broker(ExtensionContext context) {
        if (broker == null) {
            broker = FleetBroker.start();
            context.getRoot().getStore(NAMESPACE).put("broker", (AutoCloseable) SharedBroker::stop);
        }
        return broker;
    }

    private static synchronized void stop() {
        if (broker != null) broker.close();
        broker = null;
    }
}

package dev.ballast.testkit.junit;

import dev.ballast.testkit.PostgresServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithPostgres}: starts one {@link PostgresServer} per test class, resolves
 * {@code PostgresServer} parameters, and closes the server (stopping it and deleting its data) when the class's
 * extension context closes, whatever the tests' outcome. Servers never outlive the JVM (see {@link PostgresServer}).
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static PostgresServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(testClass, c -> new ServerResource(start(testClass)), ServerResource.class)
                .server;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                throw new ParameterResolutionException("PostgresServer is only available inside a test class");
            }
            current = parent.get();
        }
        return current;
    }

    private static PostgresServer start(Class<?> testClass) {
        PostgresServer.Builder builder = PostgresServer.builder();
        AnnotationSupport.findAnnotation(testClass, WithPostgres.class).ifPresent(a -> {
            for (String setting : a.settings()) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "@WithPostgres setting must be name=value, but was '" + setting + "'");
                }
                builder.setting(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        });
        return builder.build();
    }

    /** Holds a server in the class's store so that JUnit closes it with the class. */
    @SuppressWarnings("deprecation")
    private static final class ServerResource implements ExtensionContext.Store.CloseableResource {
        private final PostgresServer server;

        ServerResource(PostgresServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}

package dev.ballast.testkit.junit;

import dev.ballast.testkit.ReplicaSet;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link WithReplicaSet}: starts one {@link ReplicaSet} per test class, resolves
 * {@code ReplicaSet} parameters, and closes the set when the class's extension context closes, whatever the tests'
 * outcome. Servers never outlive the JVM (see {@link dev.ballast.testkit.PostgresServer}).
 */
public final class ReplicaSetExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ReplicaSetExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        set(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ReplicaSet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return set(context);
    }

    private static ReplicaSet set(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(testClass, c -> new SetResource(start(testClass)), SetResource.class)
                .set;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()) {
            Optional<ExtensionContext> parent = current.getParent();
            if (parent.isEmpty()) {
                throw new ParameterResolutionException("ReplicaSet is only available inside a test class");
            }
            current = parent.get();
        }
        return current;
    }

    private static ReplicaSet start(Class<?> testClass) {
        ReplicaSet.Builder builder = ReplicaSet.builder();
        AnnotationSupport.findAnnotation(testClass, WithReplicaSet.class).ifPresent(a -> {
            builder.standbys(a.standbys()).synchronousStandbys(a.synchronousStandbys());
            for (String setting : a.settings()) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "@WithReplicaSet setting must be name=value, but was '" + setting + "'");
                }
                builder.setting(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        });
        return builder.build();
    }

    /** Holds a set in the class's store so that JUnit closes it with the class. */
    @SuppressWarnings("deprecation")
    private static final class SetResource implements ExtensionContext.Store.CloseableResource {
        private final ReplicaSet set;

        SetResource(ReplicaSet set) {
            this.set = set;
        }

        @Override
        public void close() {
            set.close();
        }
    }
}

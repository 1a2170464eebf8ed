package dev.ballast.spring.boot.transaction;

import dev.ballast.resilience.DatabaseResilience;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a {@link ResilientTransaction} method through {@link DatabaseResilience#execute(dev.ballast.resilience.SqlCallable)}:
 * each attempt is a fresh pass through the rest of the advice chain, Spring's transaction interceptor included, so
 * a fresh transaction. A failure is classified by its cause chain (Spring's {@link DataAccessException}s keep the
 * driver's {@link SQLException} as their cause), so the method's exceptions come out unchanged once the retries are
 * spent or for a failure that is not transient. Ballast's own refusals — an open circuit, a stop while waiting to
 * retry — are {@link SQLException}s, translated to Spring's {@link DataAccessException}s unless the method declares
 * them. Thread-safe.
 */
public final class ResilientTransactionInterceptor implements MethodInterceptor {

    private final Supplier<DatabaseResilience> resilience;
    private final SQLExceptionTranslator translator = new SQLExceptionSubclassTranslator();

    /** @param resilience the retry and circuit breaker to run each call under */
    public ResilientTransactionInterceptor(DatabaseResilience resilience) {
        Objects.requireNonNull(resilience, "resilience");
        this.resilience = () -> resilience;
    }

    /**
     * @param resilience where to find the retry and circuit breaker at the first call (so that creating the
     *     interceptor, which happens early in a Spring context, does not start the pool)
     */
    public ResilientTransactionInterceptor(Supplier<DatabaseResilience> resilience) {
        this.resilience = Objects.requireNonNull(resilience, "resilience");
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return invocation.proceed(); // joins the caller's transaction: the outermost one is replayed
        }
        if (!(invocation instanceof ProxyMethodInvocation proxied)) {
            throw new IllegalStateException("@ResilientTransaction needs a Spring AOP proxy to replay "
                    + invocation.getMethod());
        }
        try {
            return resilience.get().execute(() -> attempt(proxied));
        } catch (Checked wrapped) {
            throw wrapped.getCause();
        } catch (SQLException refused) {
            for (Class<?> declared : invocation.getMethod().getExceptionTypes()) {
                if (declared.isInstance(refused)) {
                    throw refused;
                }
            }
            DataAccessException translated = translator.translate("@ResilientTransaction "
                    + invocation.getMethod().getName(), null, refused);
            throw translated != null ? translated
                    : new UncategorizedSQLException("@ResilientTransaction", null, refused);
        }
    }

    private static Object attempt(ProxyMethodInvocation invocation) {
        try {
            return invocation.invocableClone().proceed(); // each attempt runs the rest of the chain afresh
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new Checked(checked);
        }
    }

    /** Carries the method's own checked exception through the retry loop, which classifies it by its causes. */
    private static final class Checked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Checked(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}

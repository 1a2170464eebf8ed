package dev.ballast.spring.boot.transaction;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A {@link Transactional @Transactional} method (or every method of a class) whose <em>whole</em> transaction is
 * replayed when it fails transiently, by Ballast's rules: a serialization failure, a deadlock, a lost connection,
 * a server shutting down (see {@link dev.ballast.postgres.SqlStateClassifier}); up to
 * {@code spring.datasource.ballast.retry-count} times, with Ballast's backoff and circuit breaker.
 *
 * <pre>{@code
 * @Service
 * class Transfers {
 *     @ResilientTransaction(isolation = Isolation.SERIALIZABLE)
 *     public void transfer(long from, long to, long cents) {
 *         jdbc.update("update account set cents = cents - ? where id = ?", cents, from);
 *         jdbc.update("update account set cents = cents + ? where id = ?", cents, to);
 *     }
 * }
 * }</pre>
 *
 * <p><b>How.</b> It is a {@code @Transactional} (the attributes below are Spring's), and a
 * {@link ResilientTransactionAdvisor} ordered <em>outside</em> Spring's transaction interceptor runs each attempt:
 * every attempt is a new call through Spring's interceptor, so a new transaction on a fresh connection, begun,
 * run and committed or rolled back before the next one starts. The method body must therefore be safe to run
 * again: no effect outside the database (an e-mail, a message) unless it is idempotent.
 *
 * <p><b>Commit.</b> With {@link BallastTransactionManager} (the application's transaction manager unless it defines
 * its own), a COMMIT whose answer is lost is verified on the server: committed is a success, aborted is replayed,
 * unknown fails with a {@link org.springframework.transaction.TransactionSystemException} caused by
 * {@link dev.ballast.resilience.CommitOutcomeUnknownException}, and is never replayed.
 *
 * <p><b>Nesting.</b> Only the outermost transaction is replayed: called inside a transaction that is already
 * active, the method joins it (propagation {@code REQUIRED}) and a failure goes to the caller, whose own
 * {@code @ResilientTransaction}, if it has one, replays the whole.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Transactional
public @interface ResilientTransaction {

    /** @return the transaction manager's bean name or qualifier; empty for the default one */
    @AliasFor(annotation = Transactional.class, attribute = "transactionManager")
    String transactionManager() default "";

    /** @return the isolation level; the database's default unless set */
    @AliasFor(annotation = Transactional.class, attribute = "isolation")
    Isolation isolation() default Isolation.DEFAULT;

    /** @return each attempt's timeout in seconds; -1 for none */
    @AliasFor(annotation = Transactional.class, attribute = "timeout")
    int timeout() default -1;

    /**
     * @return whether the transaction only reads; a read-only transaction whose COMMIT answer is lost is replayed
     *     without asking the server, as it changed nothing
     */
    @AliasFor(annotation = Transactional.class, attribute = "readOnly")
    boolean readOnly() default false;

    /** @return the exceptions that roll back (besides unchecked ones), as {@link Transactional#rollbackFor()} */
    @AliasFor(annotation = Transactional.class, attribute = "rollbackFor")
    Class<? extends Throwable>[] rollbackFor() default {};

    /** @return the exceptions that do not roll back, as {@link Transactional#noRollbackFor()} */
    @AliasFor(annotation = Transactional.class, attribute = "noRollbackFor")
    Class<? extends Throwable>[] noRollbackFor() default {};
}

package dev.ballast.spring.boot.transaction;

import java.util.Objects;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.Ordered;

/**
 * Applies {@link ResilientTransactionInterceptor} to every method annotated (or declared in a class annotated) with
 * {@link ResilientTransaction}.
 *
 * <p><b>Order.</b> {@value #ORDER} by default ({@link Ordered#LOWEST_PRECEDENCE} - 100): ahead of, so outside,
 * Spring's transaction advisor, which has {@link Ordered#LOWEST_PRECEDENCE} unless
 * {@code @EnableTransactionManagement(order = …)} says otherwise. Outside is where it must be: each replay is a new
 * pass through Spring's transaction interceptor, so a new transaction. The auto-configuration checks this order at
 * start and fails it if a transaction advisor is ordered outside this one.
 */
public final class ResilientTransactionAdvisor extends AbstractPointcutAdvisor {

    /** The default order: just outside Spring's transaction advisor at its default order. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private static final long serialVersionUID = 1L;

    private final transient ResilientTransactionInterceptor interceptor;
    private final transient Pointcut pointcut = new ComposablePointcut(
            new AnnotationMatchingPointcut(ResilientTransaction.class, true))
            .union(AnnotationMatchingPointcut.forMethodAnnotation(ResilientTransaction.class));

    /** @param interceptor the interceptor to apply */
    public ResilientTransactionAdvisor(ResilientTransactionInterceptor interceptor) {
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
        setOrder(ORDER);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }
}

package dev.ballast.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real PostgreSQL server: one {@link dev.ballast.testkit.PostgresServer} started before the
 * class's first test and always stopped after its last, even when tests fail. Declare a {@code PostgresServer}
 * parameter on a test, lifecycle method or constructor to receive it.
 *
 * <pre>{@code
 * @WithPostgres(settings = "max_connections=30")
 * class OrderRepositoryTest {
 *     @Test
 *     void survivesRestart(PostgresServer pg) throws Exception {
 *         pg.restart();
 *         ...
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {

    /** @return server settings applied at every start, each as {@code name=value} */
    String[] settings() default {};
}

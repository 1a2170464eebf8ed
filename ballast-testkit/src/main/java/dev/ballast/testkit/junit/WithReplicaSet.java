package dev.ballast.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real primary with streaming standbys: one {@link dev.ballast.testkit.ReplicaSet} started before
 * the class's first test and always closed after its last, even when tests fail. Declare a {@code ReplicaSet}
 * parameter on a test, lifecycle method or constructor to receive it. The tests share the set, so each should leave
 * its topology as it found it (resume paused replay, heal partitions); give failover tests a class of their own or
 * a set of their own.
 *
 * <pre>{@code
 * @WithReplicaSet(standbys = 2)
 * class ReadRoutingTest {
 *     @Test
 *     void readsGoToAStandby(ReplicaSet set) throws Exception {
 *         String url = set.jdbcUrl();
 *         ...
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ReplicaSetExtension.class)
public @interface WithReplicaSet {

    /** @return how many standbys, 1 to 8 */
    int standbys() default 1;

    /** @return how many standbys confirm each commit; 0 (the default) for asynchronous replication */
    int synchronousStandbys() default 0;

    /** @return server settings applied on every node at every start, each as {@code name=value} (no spaces) */
    String[] settings() default {};
}

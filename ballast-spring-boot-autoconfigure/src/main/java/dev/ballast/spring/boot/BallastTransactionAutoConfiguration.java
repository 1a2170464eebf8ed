package dev.ballast.spring.boot;

import dev.ballast.Ballast;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.spring.boot.transaction.BallastTransactionManager;
import dev.ballast.spring.boot.transaction.ResilientTransaction;
import dev.ballast.spring.boot.transaction.ResilientTransactionAdvisor;
import dev.ballast.spring.boot.transaction.ResilientTransactionInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * Spring transactions on Ballast: {@link BallastTransactionManager} as the application's transaction manager
 * (unless it defines one), which verifies a COMMIT whose answer was lost, and the advisor that replays
 * {@link ResilientTransaction} methods whole, ordered outside Spring's transaction interceptor (checked at start).
 * Runs after {@link BallastAutoConfiguration} and only when it made Ballast, before Spring's own transaction
 * manager auto-configuration, which then backs off.
 */
@AutoConfiguration(after = BallastAutoConfiguration.class,
        before = {DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class})
@ConditionalOnClass({JdbcTransactionManager.class, Advisor.class})
@ConditionalOnBean(Ballast.class)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class BallastTransactionAutoConfiguration {

    /** Creates the auto-configuration; Spring does this. */
    public BallastTransactionAutoConfiguration() {}

    /**
     * @param ballast Ballast
     * @param customizers Spring Boot's transaction manager customizers ({@code spring.transaction.*})
     * @return the transaction manager, on Ballast's data source, with verified commits
     */
    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    public BallastTransactionManager transactionManager(Ballast ballast,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        BallastTransactionManager manager = new BallastTransactionManager(ballast.dataSource(),
                ballast.verifiedCommit());
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    /**
     * @param resilience Ballast's retry and circuit breaker, looked up at the first call
     * @return the advisor replaying {@link ResilientTransaction} methods
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static ResilientTransactionAdvisor resilientTransactionAdvisor(
            ObjectProvider<DatabaseResilience> resilience) {
        return new ResilientTransactionAdvisor(new ResilientTransactionInterceptor(resilience::getObject));
    }

    /**
     * @param beans the context
     * @return a check, once every singleton exists, that Spring's transaction advice runs inside the replay
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static SmartInitializingSingleton resilientTransactionOrderCheck(ListableBeanFactory beans) {
        return () -> {
            int replay = ResilientTransactionAdvisor.ORDER;
            for (ResilientTransactionAdvisor advisor : beans.getBeansOfType(ResilientTransactionAdvisor.class)
                    .values()) {
                replay = advisor.getOrder();
            }
            for (Advisor advisor : beans.getBeansOfType(Advisor.class, false, false).values()) {
                if (advisor.getAdvice() instanceof TransactionInterceptor && advisor instanceof Ordered ordered
                        && ordered.getOrder() <= replay) {
                    throw new IllegalStateException("Spring's transaction advisor has order " + ordered.getOrder()
                            + ", which puts it outside @ResilientTransaction's (" + replay + "): a replay would"
                            + " run inside the failed transaction. Give @EnableTransactionManagement an order"
                            + " above " + replay + " (the default, Ordered.LOWEST_PRECEDENCE, is)");
                }
            }
        };
    }
}

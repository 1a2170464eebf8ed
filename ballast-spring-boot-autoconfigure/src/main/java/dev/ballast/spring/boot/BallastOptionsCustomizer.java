package dev.ballast.spring.boot;

import dev.ballast.DatabaseOptions;

/**
 * Adjusts the {@link DatabaseOptions} the auto-configuration builds from {@code spring.datasource.*}, after the
 * properties are applied and before the options are built: for what properties cannot carry, such as a
 * {@link dev.ballast.event.BallastListener}. Every bean of this type is called, in {@link
 * org.springframework.core.Ordered} order. Not called when the application defines its own {@code DatabaseOptions}
 * bean.
 *
 * <pre>{@code
 * @Bean
 * BallastOptionsCustomizer auditListener(AuditLog log) {
 *     return builder -> builder.listener(new AuditingListener(log));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BallastOptionsCustomizer {

    /**
     * @param builder the builder holding the connection and every {@code spring.datasource.ballast.*} setting;
     *     a value set here replaces the property's
     */
    void customize(DatabaseOptions.Builder builder);
}

package dev.ballast.spring.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.Ballast;
import dev.ballast.resilience.DatabaseResilience;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.junit.WithPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application given nothing but a JDBC URL, a user name and one Ballast property: the starter alone makes
 * Ballast, its {@code DataSource} and its resilience (the application defines none of them), the property reaches
 * Ballast, and Actuator's health endpoint answers with Ballast's health check as its {@code db} component.
 */
@WithPostgres
class StartsOnTheStarterAloneTest {

    private static final String STARTER_PACKAGE = "dev.ballast.spring.boot";

    private static ConfigurableApplicationContext context;
    private static URI base;

    @BeforeAll
    static void start(PostgresServer pg) throws Exception {
        context = SpringApplication.run(TicketsApplication.class,
                "--spring.datasource.url=" + pg.createDatabase("tickets"),
                "--spring.datasource.username=" + pg.username(),
                "--spring.datasource.ballast.max-pool-size=7",
                "--server.port=0");
        base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort()
                + "/");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void ballastItsDataSourceAndItsResilienceAreTheStartersBeans() {
        for (Class<?> type : new Class<?>[] {Ballast.class, DataSource.class, DatabaseResilience.class}) {
            String[] names = context.getBeanNamesForType(type);
            assertThat(names).as("beans of type %s", type.getSimpleName()).hasSize(1);
            assertThat(definedBy(names[0])).as("where %s is defined", names[0]).startsWith(STARTER_PACKAGE);
        }
        Ballast ballast = context.getBean(Ballast.class);
        assertThat(ballast.options().maxPoolSize()).isEqualTo(7);
    }

    @Test
    void actuatorHealthAnswersUpWithBallastsHealthCheck() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("actuator/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode db = health.path("components").path("db");
        assertThat(db.path("status").asText()).isEqualTo("UP");
        assertThat(db.path("details").path("ballast_status").asText()).as("Ballast's own status in %s", db)
                .isIn("Healthy", "Degraded");
        assertThat(response.body()).doesNotContainIgnoringCase("password");
    }

    /** @return the class that defines a bean: its {@code @Bean} method's configuration class, or its own class */
    private static String definedBy(String beanName) {
        ConfigurableListableBeanFactory factory = context.getBeanFactory();
        BeanDefinition definition = factory.getMergedBeanDefinition(beanName);
        if (definition.getFactoryBeanName() != null) {
            return factory.getType(definition.getFactoryBeanName()).getName();
        }
        return String.valueOf(definition.getBeanClassName());
    }
}

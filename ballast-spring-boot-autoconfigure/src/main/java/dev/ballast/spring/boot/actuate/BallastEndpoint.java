package dev.ballast.spring.boot.actuate;

import dev.ballast.Ballast;
import dev.ballast.alert.Alert;
import dev.ballast.http.Dashboard;
import dev.ballast.pool.PoolStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

/**
 * The {@code ballast} actuator endpoint: Ballast's live pool dashboard (from {@code ballast-http}) under the
 * actuator base path, behind whatever secures Actuator.
 *
 * <ul>
 *   <li>{@code GET /actuator/ballast}: the pool at a glance, JSON ({@code pool}, {@code stats}, {@code circuit},
 *       {@code alerts}, {@code dashboard});</li>
 *   <li>{@code GET /actuator/ballast/dashboard}: the dashboard page (HTML, self-contained);</li>
 *   <li>{@code GET /actuator/ballast/dashboard/feed}: the JSON feed the page polls every second
 *       ({@code docs/dashboard.md}).</li>
 * </ul>
 *
 * <p>Like every actuator endpoint but {@code health}, it is not exposed over HTTP until the application says so:
 * {@code management.endpoints.web.exposure.include=health,ballast}. Nothing it answers carries a password.
 * Thread-safe.
 */
@WebEndpoint(id = "ballast")
public class BallastEndpoint {

    private static final String DASHBOARD = "dashboard";
    private static final String FEED = "feed";
    private static final MimeType HTML = MimeType.valueOf("text/html;charset=UTF-8");
    private static final MimeType JSON = MimeType.valueOf("application/json");

    private final Ballast ballast;
    private final Dashboard dashboard;

    /**
     * @param ballast the running Ballast
     * @param dashboard the dashboard, attached to {@code ballast}
     */
    public BallastEndpoint(Ballast ballast, Dashboard dashboard) {
        this.ballast = Objects.requireNonNull(ballast, "ballast");
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
    }

    /** @return the pool at a glance */
    @ReadOperation
    public Map<String, Object> pool() {
        PoolStats s = ballast.stats();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total", s.total());
        stats.put("idle", s.idle());
        stats.put("used", s.used());
        stats.put("pending", s.pending());
        stats.put("max", s.max());
        stats.put("min", s.min());
        stats.put("timeouts", s.timeouts());
        stats.put("connections_created", s.connectionsCreated());
        stats.put("connections_closed", s.connectionsClosed());
        stats.put("connections_failed", s.connectionsFailed());
        List<String> alerts = new ArrayList<>();
        for (Alert a : ballast.activeAlerts()) {
            alerts.add(a.name());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pool", ballast.options().poolName());
        answer.put("stats", stats);
        answer.put("circuit", ballast.resilience().circuitState().name());
        answer.put("alerts", alerts);
        answer.put(DASHBOARD, "ballast/" + DASHBOARD);
        return answer;
    }

    /**
     * @param page {@code dashboard}
     * @return the dashboard page, or 404 for another name
     */
    @ReadOperation(produces = "text/html")
    public WebEndpointResponse<byte[]> page(@Selector String page) {
        if (!DASHBOARD.equals(page)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(dashboard.pageHtml(), HTML);
    }

    /**
     * @param page {@code dashboard}
     * @param part {@code feed}
     * @return the dashboard's JSON feed, or 404 for another path
     */
    @ReadOperation(produces = "application/json")
    public WebEndpointResponse<byte[]> feed(@Selector String page, @Selector String part) {
        if (!DASHBOARD.equals(page) || !FEED.equals(part)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(dashboard.feedJson(), JSON);
    }
}

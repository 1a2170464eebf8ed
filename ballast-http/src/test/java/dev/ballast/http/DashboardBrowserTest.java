package dev.ballast.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.Ballast;
import dev.ballast.DatabaseOptions;
import dev.ballast.alert.AlertThresholds;
import dev.ballast.testkit.PostgresServer;
import dev.ballast.testkit.ReplicaNode;
import dev.ballast.testkit.ReplicaSet;
import dev.ballast.testkit.junit.WithPostgres;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard end to end in a real browser: a real Ballast under load on a real PostgreSQL, served by the ops
 * server, opened in Debian's headless Chromium through chromedriver. The charts render and move, an exhausted pool
 * raises an alert that appears on the page, and a screenshot is saved to
 * {@code ballast-http/target/dashboard-screenshot.png}. Skipped (not failed) only when Chromium or chromedriver is
 * not installed; {@code .ci/run} installs both.
 */
@Tag("browser")
@WithPostgres
class DashboardBrowserTest {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    private static File executable(String... candidates) {
        for (String c : candidates) {
            File f = new File(c);
            if (f.canExecute()) {
                return f;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String c : candidates) {
                File f = new File(dir, new File(c).getName());
                if (f.canExecute()) {
                    return f;
                }
            }
        }
        return null;
    }

    private static WebDriver chromium(Path profile) {
        File browser = executable("/usr/bin/chromium", "/usr/bin/chromium-browser");
        File driver = executable("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(browser != null && driver != null, "Chromium or chromedriver is not installed "
                + "(apt-get install -y chromium chromium-driver); skipping the dashboard's browser test");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1700", "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            Thread.sleep(200); // polling a browser: there is nothing to wait on but the page itself
        }
    }

    /** Reads in one script, since the page redraws its charts every second (elements found earlier go stale). */
    @SuppressWarnings("unchecked")
    private static <T> T js(WebDriver page, String script) {
        return (T) ((JavascriptExecutor) page).executeScript(script);
    }

    /** @return every chart's series paths, keyed {@code chart/series} */
    private static Map<String, String> paths(WebDriver page) {
        return js(page, "var out = {}; document.querySelectorAll('svg.chart path.series').forEach(function (p) {"
                + " out[p.closest('svg').getAttribute('data-chart') + '/' + p.getAttribute('data-series')]"
                + " = p.getAttribute('d'); }); return out;");
    }

    /** @return the {@code data-*} values of the elements matching a selector */
    private static List<String> attributes(WebDriver page, String selector, String attribute) {
        return js(page, "return Array.from(document.querySelectorAll('" + selector + "')).map(function (e) {"
                + " return e.getAttribute('" + attribute + "'); });");
    }

    private static int updates(WebDriver page) {
        return Integer.parseInt(page.findElement(By.tagName("body")).getAttribute("data-updates"));
    }

    @Test
    @SuppressWarnings("try") // the dashboard is a resource only so that it is closed
    void theDashboardRendersMovesAndShowsAnAlertInARealBrowser(PostgresServer pg) throws Exception {
        Path profile = Files.createTempDirectory("ballast-chromium-");
        WebDriver page = chromium(profile);
        ExecutorService load = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        PrometheusMetricReader reader = PrometheusMetricReader.create();
        DatabaseOptions options = DatabaseOptions.builder().url(pg.jdbcUrl()).username(pg.username())
                .password("dashboard-secret").minPoolSize(2).maxPoolSize(4).connectionTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofSeconds(2)).healthDegradedBelowMaxPoolSize(1).poolName("tickets")
                .build();
        AlertThresholds thresholds = AlertThresholds.builder().utilisation(0.75, Duration.ofSeconds(2))
                .waitersFor(Duration.ofSeconds(2)).evaluationInterval(Duration.ofMillis(250)).build();
        Dashboard dashboard = Dashboard.builder().healthInterval(Duration.ofSeconds(1)).build();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
                Ballast db = Ballast.start(options, otel, List.of(dashboard), thresholds);
                Dashboard closing = dashboard.attach(db);
                OpsServer ops = OpsServer.builder().port(0).readiness(db.healthCheck()::check).metrics(reader)
                        .dashboard(dashboard).start()) {
            for (int i = 0; i < 2; i++) { // steady load: two callers, short queries, never exhausting the pool
                load.submit(() -> {
                    while (!stop.get()) {
                        try {
                            db.resilience().withConnection(c -> {
                                try (Statement s = c.createStatement()) {
                                    return s.execute("select pg_sleep(0.02)");
                                }
                            });
                        } catch (SQLException e) {
                            // an outage here would show on the dashboard; the test asserts what it needs below
                        }
                    }
                    return null;
                });
            }

            page.get(ops.baseUri().resolve("dashboard").toString());
            waitFor("three feed updates with samples", () -> updates(page) >= 3
                    && !paths(page).getOrDefault("connections/used", "M0 0").equals("M0 0"));
            assertThat(page.getTitle()).contains("Ballast", "tickets");
            Map<String, String> first = paths(page);
            assertThat(first).containsKeys("connections/used", "connections/idle", "connections/pending",
                    "connections/max", "wait/waitP50Ms", "wait/waitP99Ms", "errors/timeouts", "errors/retries",
                    "churn/opened", "churn/closed", "churn/failed");
            assertThat(first.get("connections/used")).startsWith("M").contains("L");
            List<List<String>> scales = js(page, "return Array.from(document.querySelectorAll('svg.chart')).map("
                    + "function (svg) { return Array.from(svg.querySelectorAll('text.ylabel')).map("
                    + "function (t) { return t.textContent; }); });");
            assertThat(scales).hasSize(4).allSatisfy(labels -> {
                assertThat(labels).hasSize(3);
                double zero = Double.parseDouble(labels.get(0));
                double half = Double.parseDouble(labels.get(1));
                double top = Double.parseDouble(labels.get(2));
                assertThat(zero).isZero();
                assertThat(top).isEqualTo(half * 2);
            });
            assertThat(first.get("wait/waitP50Ms")).startsWith("M").contains("L");
            assertThat(attributes(page, "svg[data-band=circuit] rect", "class")).isNotEmpty().allMatch(
                    c -> c.equals("st-CLOSED"));
            assertThat(attributes(page, "svg[data-band=health] rect", "class")).isNotEmpty();
            assertThat(page.findElement(By.id("circuit")).getText()).isEqualTo("breaker closed");
            waitFor("the health badge", () -> page.findElement(By.id("health")).getText().equals("Healthy"));
            assertThat(page.findElement(By.id("config")).getText()).contains("maxPoolSize 4", "password ******")
                    .doesNotContain("dashboard-secret");
            assertThat(page.findElement(By.id("alerts")).isDisplayed()).isFalse();
            assertThat(page.findElement(By.id("hosts-card")).isDisplayed()).as("no Hosts table for one host")
                    .isFalse();

            int before = updates(page);
            waitFor("three more updates", () -> updates(page) >= before + 3);
            Map<String, String> later = paths(page);
            assertThat(later.get("connections/used")).isNotEqualTo(first.get("connections/used"));
            assertThat(later.get("wait/waitP50Ms")).isNotEqualTo(first.get("wait/waitP50Ms"));
            assertThat(later.get("connections/used").split("L").length)
                    .as("more samples drawn").isGreaterThan(first.get("connections/used").split("L").length);

            // Exhaust the pool: hold every connection while callers keep waiting (each gives up after 1 s, retries).
            stop.set(true);
            List<Connection> held = new ArrayList<>();
            waitFor("every connection held", () -> {
                try {
                    held.add(db.dataSource().getConnection());
                } catch (SQLException e) {
                    // the load threads still hold some for a moment
                }
                return held.size() == 4;
            });
            AtomicBoolean release = new AtomicBoolean();
            for (int i = 0; i < 2; i++) {
                load.submit(() -> {
                    while (!release.get()) {
                        try (Connection c = db.dataSource().getConnection()) {
                            c.isValid(1);
                        } catch (SQLException e) {
                            // a borrow timeout: exactly what this part of the test causes
                        }
                    }
                    return null;
                });
            }
            try {
                waitFor("the waiters and utilisation alerts on the page", () -> attributes(page,
                        "#alerts li", "data-alert").containsAll(List.of("pool_waiters_present",
                        "pool_utilisation_high")));
                waitFor("the alert events", () -> attributes(page, "#events li", "data-kind")
                        .contains("alert_fired"));
                WebElement alerts = page.findElement(By.id("alerts"));
                assertThat(alerts.isDisplayed()).isTrue();
                assertThat(alerts.getText()).contains("pool_waiters_present", "callers waiting");
                assertThat(page.findElement(By.id("k-used")).getText()).isEqualTo("4");
                waitFor("the Degraded badge", () -> page.findElement(By.id("health")).getText().equals("Degraded"));
                waitFor("a borrow timeout counted", () -> !page.findElement(By.id("k-timeouts")).getText()
                        .equals("0"));
                ((JavascriptExecutor) page).executeScript("window.scrollTo(0, 0)");
                Path shot = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE).toPath();
                Path target = Path.of("target", "dashboard-screenshot.png");
                Files.createDirectories(target.getParent());
                Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
                assertThat(Files.size(target)).isGreaterThan(10_000);

                // The same page on a phone-sized window in dark mode: still one column, still the alert.
                ((ChromeDriver) page).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
                page.manage().window().setSize(new org.openqa.selenium.Dimension(390, 1400));
                int shown = updates(page);
                waitFor("a redraw at phone size", () -> updates(page) >= shown + 2);
                Object background = js(page, "return getComputedStyle(document.body).backgroundColor");
                assertThat(background).as("dark background").isEqualTo("rgb(15, 18, 22)");
                Object fits = js(page, "return document.documentElement.scrollWidth <= window.innerWidth");
                assertThat(fits).as("no horizontal scrolling on a phone").isEqualTo(true);
                Path phone = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(phone, Path.of("target", "dashboard-screenshot-phone-dark.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                release.set(true);
                for (Connection c : held) {
                    c.close();
                }
            }
        } finally {
            stop.set(true);
            page.quit();
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            deleteQuietly(profile);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ballast-tickets-")) {
                t.join(10_000); // executors have terminated; their workers may still be returning
                assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // a temp directory left behind is harmless
        }
    }

    @Test
    @SuppressWarnings("try") // the dashboard is a resource only so that it is closed
    void theHostsTableShowsEachHostsRoleStateAndLagInARealBrowser() throws Exception {
        Path profile = Files.createTempDirectory("ballast-chromium-");
        WebDriver page = chromium(profile);
        try (ReplicaSet set = ReplicaSet.launch(1)) {
            ReplicaNode primary = set.primary();
            ReplicaNode standby = set.standbys().get(0);
            DatabaseOptions options = DatabaseOptions.builder().url(set.jdbcUrl()).username(PostgresServer.USERNAME)
                    .minPoolSize(1).maxPoolSize(4).poolName("replicas").build();
            Dashboard dashboard = Dashboard.builder().healthInterval(Duration.ofSeconds(1)).build();
            try (Ballast db = Ballast.start(options, io.opentelemetry.api.OpenTelemetry.noop(), List.of(dashboard),
                            AlertThresholds.defaults());
                    Dashboard closing = dashboard.attach(db);
                    OpsServer ops = OpsServer.builder().port(0).readiness(db.healthCheck()::check)
                            .dashboard(dashboard).start()) {
                page.get(ops.baseUri().resolve("dashboard").toString());
                String p = primary.host() + ":" + primary.port();
                String s = standby.host() + ":" + standby.port();
                waitFor("a primary and a standby with its lag in the Hosts table", () -> {
                    List<String> rows = js(page, "return Array.from(document.querySelectorAll('#hosts tr')).map("
                            + "function (r) { return r.textContent + '|' + r.getAttribute('data-role') + '|'"
                            + " + r.getAttribute('data-state'); });");
                    return rows.size() == 2 && rows.stream().anyMatch(r -> r.startsWith(p) && r.endsWith("|primary|up"))
                            && rows.stream().anyMatch(r -> r.startsWith(s) && r.endsWith("|standby|up")
                                    && r.contains(" s") && !r.contains("unknown"));
                });
                assertThat(page.findElement(By.id("hosts-card")).isDisplayed()).isTrue();
                waitFor("the role events in the event list", () -> attributes(page, "#events li", "data-kind")
                        .containsAll(List.of("host_role_changed", "primary_changed")));

                set.primary().server().stop();
                set.failover(standby);
                waitFor("the promoted standby shown as primary and the old primary as down", () -> {
                    List<String> roles = attributes(page, "#hosts tr", "data-role");
                    List<String> states = attributes(page, "#hosts tr", "data-state");
                    List<String> hosts = attributes(page, "#hosts tr", "data-host");
                    return hosts.equals(List.of(p, s)) && roles.equals(List.of("unknown", "primary"))
                            && states.equals(List.of("down", "up"));
                });
            }
        } finally {
            page.quit();
            deleteQuietly(profile);
        }
    }
}

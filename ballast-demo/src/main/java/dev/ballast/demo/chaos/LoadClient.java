package dev.ballast.demo.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.demo.http.Failure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One simulated client of the tickets API: in a loop, creates a ticket (half of the requests, each with a fresh
 * {@code requestKey}), reads one back, lists open tickets, or moves one to another status. It never retries a
 * request: every key is sent exactly once, so a row counted twice can only be a duplicated write. After a request
 * that did not succeed it pauses {@value #PAUSE_AFTER_FAILURE_MILLIS} ms, as a well-behaved client would, instead of
 * spinning on fast failures.
 */
final class LoadClient implements Runnable {

    /** Pause after a failed request, in milliseconds. */
    static final long PAUSE_AFTER_FAILURE_MILLIS = 100;
    /** Longest wait for one answer; longer than any fault is held. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STATUSES = {"InProgress", "Resolved", "Closed", "Open"};
    private static final String[] PRIORITIES = {"Low", "Medium", "High", "Critical"};

    private final HttpClient http;
    private final URI api;
    private final Tally tally;
    private final LongSupplier clock;
    private final BooleanSupplier running;
    private final AtomicLong highestId;
    private final SplittableRandom random;
    private final int clientNo;
    private long sequence;

    LoadClient(HttpClient http, URI api, Tally tally, LongSupplier clock, BooleanSupplier running,
            AtomicLong highestId, long seed, int clientNo) {
        this.http = http;
        this.api = api;
        this.tally = tally;
        this.clock = clock;
        this.running = running;
        this.highestId = highestId;
        this.random = new SplittableRandom(seed);
        this.clientNo = clientNo;
    }

    @Override
    public void run() {
        while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            int dice = random.nextInt(100);
            Outcome outcome;
            if (dice < 50 || highestId.get() == 0) {
                outcome = create();
            } else if (dice < 85) {
                outcome = read(get("api/tickets/" + (1 + random.nextLong(highestId.get()))));
            } else if (dice < 95) {
                outcome = read(get("api/tickets?status=Open&limit=20"));
            } else {
                outcome = read(patch("api/tickets/" + (1 + random.nextLong(highestId.get())),
                        STATUSES[random.nextInt(STATUSES.length)]));
            }
            if (outcome != Outcome.SUCCEEDED) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_AFTER_FAILURE_MILLIS));
            }
        }
    }

    private Outcome create() {
        UUID key = UUID.randomUUID();
        String body = "{\"title\":\"Chaos ticket " + clientNo + "-" + (++sequence) + "\","
                + "\"description\":\"Sent once by chaos client " + clientNo + "\","
                + "\"priority\":\"" + PRIORITIES[random.nextInt(PRIORITIES.length)] + "\","
                + "\"requestKey\":\"" + key + "\"}";
        HttpRequest request = HttpRequest.newBuilder(api.resolve("api/tickets")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = clock.getAsLong();
        Outcome outcome;
        long id = -1;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                id = JSON.readTree(response.body()).path("id").asLong(-1);
                outcome = id > 0 ? Outcome.SUCCEEDED : Outcome.ERROR;
                if (id > 0) {
                    highestId.accumulateAndGet(id, Math::max);
                }
            } else {
                outcome = classify(response);
            }
        } catch (IOException e) {
            outcome = Outcome.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.ERROR;
        }
        tally.write(start, clock.getAsLong(), key, outcome, id);
        return outcome;
    }

    private Outcome read(HttpRequest request) {
        long start = clock.getAsLong();
        Outcome outcome;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            outcome = status == 200 || status == 404 ? Outcome.SUCCEEDED : classify(response);
        } catch (IOException e) {
            outcome = Outcome.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.ERROR;
        }
        tally.request(start, outcome);
        return outcome;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private HttpRequest patch(String path, String status) {
        return HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build();
    }

    /** Tells the kinds of failure apart by status and problem title. */
    static Outcome classify(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 503 && status != 500) {
            return Outcome.ERROR;
        }
        String title;
        try {
            JsonNode problem = JSON.readTree(response.body());
            title = problem.path("title").asText("");
        } catch (IOException e) {
            return Outcome.ERROR;
        }
        if (status == 503) {
            return title.equals(Failure.CIRCUIT_OPEN_TITLE) ? Outcome.FAILED_FAST : Outcome.UNAVAILABLE;
        }
        return title.equals(Failure.COMMIT_UNKNOWN_TITLE) ? Outcome.IN_DOUBT : Outcome.ERROR;
    }
}

package dev.ballast.benchmarks.scenario;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: a fixed number of workers each repeating one operation for a warm-up and then a measured
 * window. Only operations <em>started</em> inside the window are recorded — including ones that finish after it, so a
 * caller left waiting past the end is still counted with its full wait. Workers record their own latencies
 * ({@link #record}) and failures ({@link #failure}); the driver thread only switches phases.
 *
 * <p><b>Thread-safety:</b> {@link #record} and {@link #failure} may be called from any number of workers at once.
 */
final class ClosedLoop {

    /** One worker's loop body: performs one operation and records it. */
    @FunctionalInterface
    interface Operation {
        /**
         * @param worker this worker's index, 0-based
         * @param loop where to record the outcome, with {@link ClosedLoop#record} or {@link ClosedLoop#failure}
         * @param measured whether the operation started inside the measured window (pass it back when recording)
         * @throws Exception anything: recorded as a failure if measured
         */
        void run(int worker, ClosedLoop loop, boolean measured) throws Exception;
    }

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    /** One counter per 128 bytes, so that workers do not share cache lines. */
    private static final int STRIDE = 16;

    private final int workers;
    private final Histogram latencies = new ConcurrentHistogram(3);
    private final long[] operations;
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private volatile int phase = WARMUP;

    private ClosedLoop(int workers) {
        this.workers = workers;
        this.operations = new long[workers * STRIDE];
    }

    /**
     * Runs {@code workers} copies of {@code operation} on {@code executor}: first for {@code warmup}, then for
     * {@code window} measured, then stops them and waits for all to finish.
     *
     * @param executor runs the workers (one task each); shut down on return
     * @param workers how many workers
     * @param warmup unmeasured time first
     * @param window measured time
     * @param operation what each worker repeats
     * @return the outcome of the measured window
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the workers do not finish within two minutes after the window
     */
    static Outcome run(ExecutorService executor, int workers, Duration warmup, Duration window, Operation operation)
            throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(workers);
        for (int i = 0; i < workers; i++) {
            int worker = i;
            executor.execute(() -> loop.work(worker, operation));
        }
        Thread.sleep(warmup.toMillis());
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long switchesStart = contextSwitches();
        loop.phase = MEASURE;
        Thread.sleep(window.toMillis());
        loop.phase = STOP;
        long end = System.nanoTime();
        long cpu = processCpuNanos() - cpuStart;
        long switchesEnd = contextSwitches();
        long switches = switchesStart < 0 || switchesEnd < 0 ? -1 : switchesEnd - switchesStart;
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
            executor.shutdownNow();
            throw new IllegalStateException("workers still running two minutes after the measured window");
        }
        return loop.outcome(end - start, cpu, switches);
    }

    private void work(int worker, Operation operation) {
        for (int p = phase; p != STOP; p = phase) {
            boolean measured = p == MEASURE;
            try {
                operation.run(worker, this, measured);
            } catch (Exception e) {
                failure(worker, measured, e);
            }
        }
    }

    /**
     * Records a successful operation.
     *
     * @param worker the worker's index
     * @param measured whether the operation started inside the measured window; if not, nothing is recorded
     * @param nanos its latency
     */
    void record(int worker, boolean measured, long nanos) {
        if (measured) {
            latencies.recordValue(Math.max(0, nanos));
            operations[worker * STRIDE]++;
        }
    }

    /**
     * Records a failed operation, by kind (exception class and SQLSTATE).
     *
     * @param worker the worker's index
     * @param measured whether the operation started inside the measured window; if not, nothing is recorded
     * @param failure what went wrong
     */
    void failure(int worker, boolean measured, Throwable failure) {
        if (measured) {
            String kind = failure.getClass().getSimpleName();
            if (failure instanceof SQLException sql && sql.getSQLState() != null) {
                kind += " " + sql.getSQLState();
            }
            failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }
    }

    /**
     * Records a failed operation whose latency belongs with the successes' (a borrow that timed out did wait), by
     * kind.
     *
     * @param worker the worker's index
     * @param measured whether the operation started inside the measured window; if not, nothing is recorded
     * @param failure what went wrong
     * @param nanos how long the operation took before failing
     */
    void failure(int worker, boolean measured, Throwable failure, long nanos) {
        if (measured) {
            latencies.recordValue(Math.max(0, nanos));
        }
        failure(worker, measured, failure);
    }

    /**
     * @return the CPU time this whole JVM has used (every thread: the clients, the pool's own threads, the JIT and the
     *     GC), or -1 if the JVM does not say; the embedded server runs in other processes and is not included
     */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * @return the context switches (voluntary and involuntary) of every thread of this JVM so far, from Linux's
     *     {@code /proc/self/task/}; -1 where there is no such directory
     */
    static long contextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read: its switches are lost from this count
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    private Outcome outcome(long windowNanos, long cpuNanos, long switches) {
        long[] perWorker = new long[workers];
        long total = 0;
        for (int i = 0; i < workers; i++) {
            perWorker[i] = operations[i * STRIDE];
            total += perWorker[i];
        }
        Arrays.sort(perWorker);
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((kind, count) -> failed.put(kind, count.sum()));
        return new Outcome(windowNanos, total, latencies.copy(), perWorker, failed, cpuNanos, switches);
    }

    /**
     * What a measured window produced.
     *
     * @param windowNanos the window's length
     * @param operations successful operations started inside it
     * @param latencies their latencies, in nanoseconds
     * @param perWorker successful operations per worker, sorted ascending
     * @param failures failed operations by kind
     * @param cpuNanos CPU time the client JVM used during the window (all its threads), or negative if unknown
     * @param contextSwitches context switches of the client JVM's threads during the window, or negative if unknown
     */
    record Outcome(long windowNanos, long operations, Histogram latencies, long[] perWorker,
            Map<String, Long> failures, long cpuNanos, long contextSwitches) {

        /** @return the client JVM's context switches per successful operation, or NaN if unknown */
        double contextSwitchesPerOperation() {
            return contextSwitches < 0 || operations == 0 ? Double.NaN : (double) contextSwitches / operations;
        }

        /** @return the client JVM's CPU time per successful operation in microseconds, or NaN if unknown */
        double cpuMicrosPerOperation() {
            return cpuNanos < 0 || operations == 0 ? Double.NaN : cpuNanos / 1e3 / operations;
        }

        /** @return successful operations per second */
        double throughputPerSecond() {
            return operations * 1e9 / windowNanos;
        }

        /** @return all failures */
        long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** @return how many workers completed no operation at all in the window */
        int starvedWorkers() {
            int starved = 0;
            for (long n : perWorker) {
                if (n == 0) {
                    starved++;
                }
            }
            return starved;
        }
    }
}

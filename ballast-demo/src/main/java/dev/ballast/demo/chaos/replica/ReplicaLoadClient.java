package dev.ballast.demo.chaos.replica;

import dev.ballast.resilience.CommitOutcomeUnknownException;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One simulated client: half of its turns write a row with a fresh key and, once the write is acknowledged, read it
 * back with read-your-writes (a miss is a stale read); the other half read one of its earlier rows with no promise.
 * It never retries a write, so a key with two rows can only be a duplicated write. After a failure it pauses
 * {@value #PAUSE_AFTER_FAILURE_MILLIS} ms instead of spinning on fast failures.
 */
final class ReplicaLoadClient implements Runnable {

    /** Pause after a failed request, in milliseconds. */
    static final long PAUSE_AFTER_FAILURE_MILLIS = 50;
    private static final int HISTORY = 256;

    private final ReplicaClient client;
    private final ReplicaTally tally;
    private final LongSupplier clock;
    private final BooleanSupplier running;
    private final SplittableRandom random;
    private final UUID[] history = new UUID[HISTORY];
    private int written;

    ReplicaLoadClient(ReplicaClient client, ReplicaTally tally, LongSupplier clock, BooleanSupplier running,
            long seed) {
        this.client = client;
        this.tally = tally;
        this.clock = clock;
        this.running = running;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            boolean ok = written == 0 || random.nextBoolean() ? writeAndReadBack() : readEarlier();
            if (!ok) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PAUSE_AFTER_FAILURE_MILLIS));
            }
        }
    }

    private boolean writeAndReadBack() {
        UUID key = UUID.randomUUID();
        long start = clock.getAsLong();
        long id;
        try {
            id = client.write(key);
        } catch (CommitOutcomeUnknownException e) {
            tally.writeFailed(start, true);
            return false;
        } catch (SQLException | RuntimeException e) {
            tally.writeFailed(start, false);
            return false;
        }
        tally.writeAcked(start, clock.getAsLong(), key, id);
        history[written++ % HISTORY] = key;
        return read(key, true);
    }

    private boolean readEarlier() {
        int available = Math.min(written, HISTORY);
        return read(history[random.nextInt(available)], false);
    }

    private boolean read(UUID key, boolean promised) {
        long start = clock.getAsLong();
        try {
            ReplicaClient.Read read = promised ? client.readOwnWrite(key) : client.read(key);
            tally.read(start, clock.getAsLong(), read, promised);
            return true;
        } catch (SQLException | RuntimeException e) {
            tally.readFailed(start);
            return false;
        }
    }
}

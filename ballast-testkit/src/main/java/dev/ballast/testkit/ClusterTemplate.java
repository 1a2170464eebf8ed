package dev.ballast.testkit;

import dev.ballast.testkit.internal.ServerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A freshly initialised, cleanly stopped data directory kept for the life of the JVM, so that every replica set
 * after the first copies it instead of running {@code initdb} again (the slowest step of a start). It is registered
 * like a server's directory: deleted at exit, or by the next start on the machine if the JVM was killed.
 */
final class ClusterTemplate {

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile Path template;

    private ClusterTemplate() {}

    /** @return the template's data directory, or {@code null} if none has been kept yet */
    static Path get() {
        return template;
    }

    /**
     * Keeps a copy of a cleanly stopped, still empty cluster as the template, unless one is kept already.
     *
     * @param stopped the data directory of a freshly initialised server that is stopped
     * @throws IOException if it cannot be copied
     */
    static void keep(Path stopped) throws IOException {
        LOCK.lock();
        try {
            if (template != null) {
                return;
            }
            ServerRegistry.Entry[] holder = new ServerRegistry.Entry[1];
            ServerRegistry.Entry entry = ServerRegistry.register(() -> holder[0].delete());
            holder[0] = entry;
            Path dir = entry.dataDirectory();
            try {
                Files.createDirectories(dir);
                StandbySeed.copyTree(stopped, dir);
            } catch (IOException | RuntimeException e) {
                entry.delete();
                throw e;
            }
            template = dir;
        } finally {
            LOCK.unlock();
        }
    }
}

package dev.ballast.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Turns a copy of a primary's data directory into a standby's: the embedded binaries have no
 * {@code pg_basebackup}, so the set copies the directory of a cleanly stopped primary (consistent as it stands),
 * then adds {@code standby.signal} and the settings that make the copy stream from its upstream.
 */
final class StandbySeed implements PostgresServer.DataDirectorySeed {

    /** Runtime files of the source server, and directories whose contents belong to it alone. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts");
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_replslot", "pg_stat_tmp");

    private final Path source;
    private final String conninfo;
    private final String slot;

    /**
     * @param source the stopped primary's data directory
     * @param conninfo the libpq connection string of the upstream
     * @param slot the replication slot the upstream keeps for this standby
     */
    StandbySeed(Path source, String conninfo, String slot) {
        this.source = source;
        this.conninfo = conninfo;
        this.slot = slot;
    }

    /**
     * @param source a stopped server's data directory
     * @return a seed that copies it as it stands: a new primary that skips {@code initdb}
     */
    static PostgresServer.DataDirectorySeed copyOf(Path source) {
        return target -> copyTree(source, target);
    }

    @Override
    public void fill(Path target) throws IOException {
        copyTree(source, target);
        Files.writeString(target.resolve("standby.signal"), "", StandardCharsets.UTF_8);
        Files.writeString(target.resolve("postgresql.auto.conf"),
                "\nprimary_conninfo = " + quote(conninfo) + "\nprimary_slot_name = " + quote(slot) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** @return the value as a quoted configuration-file string */
    static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path copy = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(copy);
                Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(dir));
                boolean emptied = !dir.equals(from) && EMPTIED_DIRECTORIES.contains(dir.getFileName().toString());
                return emptied ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()),
                                StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException gone) {
                        // a temporary file the server removed while we walked: not part of the copy
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

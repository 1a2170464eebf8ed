package dev.ballast.benchmarks.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a benchmark's results as {@code NAME.md} (for people) and {@code NAME.json} (for tools). */
public final class ResultFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /**
     * @param directory where to write; created if missing
     * @param name the file name without extension
     * @param markdown the Markdown report
     * @param json the results, serialised with Jackson (records, maps, lists, numbers, strings)
     * @throws UncheckedIOException if the files cannot be written
     */
    public static void write(Path directory, String name, String markdown, Object json) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
            JSON.writeValue(directory.resolve(name + ".json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write results to " + directory, e);
        }
        System.out.println("wrote " + directory.resolve(name + ".md") + " and " + name + ".json");
    }

    /** @return the shared JSON mapper (for reading JMH results too) */
    static ObjectMapper json() {
        return JSON;
    }
}

package dev.ballast.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.DatabaseOptions;
import dev.ballast.OptionDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json} — what IDEs complete and document for
 * {@code spring.datasource.ballast.*} — is Ballast's key table: names, types and defaults are generated from
 * {@link OptionDescriptor}, only the descriptions are written by hand in the file. When a key is added, renamed or
 * its default changes, this test fails and writes the regenerated file (new keys described as {@code TODO}) to
 * {@code target/spring-configuration-metadata.json}: copy it over the one in {@code src/main/resources} and describe
 * the new keys.
 */
class ConfigurationMetadataTest {

    private static final String FILE = "META-INF/spring-configuration-metadata.json";
    private static final String TODO = "TODO: describe this key";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void theMetadataIsTheKeyTableWithADescriptionForEveryKey() throws IOException {
        JsonNode shipped;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FILE)) {
            assertThat(in).as(FILE + " on the class path").isNotNull();
            shipped = JSON.readTree(in);
        }
        Map<String, String> descriptions = new HashMap<>();
        for (JsonNode property : shipped.path("properties")) {
            descriptions.put(property.path("name").asText(), property.path("description").asText(""));
        }
        JsonNode expected = JSON.readTree(JSON.writeValueAsString(generate(descriptions))); // numbers as read back
        if (!expected.equals(shipped)) {
            Path regenerated = Path.of("target", "spring-configuration-metadata.json");
            Files.createDirectories(regenerated.getParent());
            Files.writeString(regenerated, JSON.writeValueAsString(expected) + "\n");
        }
        assertThat(shipped).as("%s differs from Ballast's key table; the regenerated file is %s", FILE,
                Path.of("target", "spring-configuration-metadata.json").toAbsolutePath()).isEqualTo(expected);
        assertThat(JSON.writeValueAsString(shipped)).doesNotContain(TODO);
    }

    @Test
    void everyKeyOfTheTableIsDescribedAndNoOtherIs() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FILE)) {
            JsonNode shipped = JSON.readTree(in);
            List<String> names = OptionDescriptor.all().stream().filter(k -> !k.isConnection())
                    .map(k -> SpringSettings.PREFIX + "." + k.kebabName()).toList();
            List<String> described = shipped.path("properties").findValuesAsText("name");
            assertThat(described).containsExactlyElementsOf(names);
            for (JsonNode property : shipped.path("properties")) {
                assertThat(property.path("description").asText()).as(property.path("name").asText())
                        .hasSizeGreaterThan(20);
            }
        }
    }

    /** @return the metadata for every setting of the table, with the given descriptions (TODO where missing) */
    static JsonNode generate(Map<String, String> descriptions) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        ObjectNode group = root.putArray("groups").addObject();
        group.put("name", SpringSettings.PREFIX);
        group.put("type", DatabaseOptions.class.getName());
        group.put("description", "Ballast's settings: every DatabaseOptions key in kebab case. The connection comes"
                + " from spring.datasource.url, username and password (or a service connection). Durations are"
                + " numbers of seconds.");
        group.put("sourceType", DatabaseOptions.class.getName());
        ArrayNode properties = root.putArray("properties");
        for (OptionDescriptor key : OptionDescriptor.all()) {
            if (key.isConnection()) {
                continue;
            }
            String name = SpringSettings.PREFIX + "." + key.kebabName();
            ObjectNode p = properties.addObject();
            p.put("name", name);
            p.put("type", springType(key.type()));
            p.put("description", descriptions.getOrDefault(name, TODO).isBlank() ? TODO : descriptions.get(name));
            p.put("sourceType", DatabaseOptions.class.getName());
            Object value = key.defaultValue();
            if (value instanceof Integer i) {
                p.put("defaultValue", i);
            } else if (value instanceof Duration d) {
                BigDecimal seconds = new BigDecimal(d.toNanos()).movePointLeft(9).stripTrailingZeros();
                if (seconds.scale() <= 0) {
                    p.put("defaultValue", seconds.longValueExact());
                } else {
                    p.put("defaultValue", seconds.doubleValue());
                }
            } else if (value instanceof Boolean b) {
                p.put("defaultValue", b);
            } else if (value instanceof Double d) {
                p.put("defaultValue", d);
            } else if (value instanceof Enum<?> e) {
                p.put("defaultValue", e.name().toLowerCase(Locale.ROOT));
            } else if (value instanceof String s) {
                p.put("defaultValue", s);
            } else if (value instanceof java.util.Collection<?> c) {
                ArrayNode items = p.putArray("defaultValue");
                c.forEach(item -> items.add(String.valueOf(item)));
            }
        }
        root.putArray("hints");
        return root;
    }

    private static String springType(Class<?> type) {
        if (type == Duration.class) {
            return Double.class.getName(); // written as a number of seconds, e.g. 2.5
        }
        if (type == List.class) {
            return "java.util.List<java.lang.String>";
        }
        return type.getName();
    }
}

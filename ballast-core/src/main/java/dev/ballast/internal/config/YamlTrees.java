package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The only class that touches {@code jackson-dataformat-yaml}; it is loaded only after {@link YamlSupport} found
 * the library, so Ballast works without it.
 */
final class YamlTrees {

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private YamlTrees() {}

    static JsonNode read(String text, String source) {
        return TreeReader.parse(YAML, text, "YAML", source);
    }
}

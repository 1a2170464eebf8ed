package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.JsonNode;

/** What every source shares: converting a value while saying where it came from. */
final class Sources {

    private Sources() {}

    /**
     * @param key the key
     * @param node the value as written
     * @param origin where it came from
     * @return the typed setting
     * @throws OptionException if the value has the wrong type; the message ends with the origin
     */
    static Setting setting(OptionKey key, JsonNode node, String origin) {
        try {
            return new Setting(key, Values.convert(key, node), origin);
        } catch (OptionException e) {
            throw new OptionException(e.getMessage() + " (" + origin + ")", key);
        }
    }
}

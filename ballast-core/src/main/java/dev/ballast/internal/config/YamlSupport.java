package dev.ballast.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * YAML is read with {@code jackson-dataformat-yaml}, an optional dependency: this class checks that it is there
 * (by {@link Class#forName}) before touching it, and otherwise says what to add. The check is a constructor
 * argument so that tests can play the "not on the class path" case.
 */
public final class YamlSupport {

    /** The class whose presence means YAML can be read. */
    static final String FACTORY = "com.fasterxml.jackson.dataformat.yaml.YAMLFactory";

    private final Predicate<String> classPresent;

    /** @param classPresent says whether a class of the given name can be loaded */
    public YamlSupport(Predicate<String> classPresent) {
        this.classPresent = classPresent;
    }

    /** @return support that looks at the real class path */
    public static YamlSupport detect() {
        return new YamlSupport(name -> {
            try {
                Class.forName(name, false, YamlSupport.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    /** @return whether YAML can be read */
    public boolean available() {
        return classPresent.test(FACTORY);
    }

    /**
     * @param text the YAML document
     * @param source how messages name it
     * @return the tree
     * @throws IllegalArgumentException if YAML support is missing, or the document is empty or malformed
     */
    public JsonNode read(String text, String source) {
        if (!available()) {
            throw new IllegalArgumentException(missingMessage(source));
        }
        return YamlTrees.read(text, source);
    }

    /**
     * @param source the document that could not be read
     * @return what to add to read it
     */
    static String missingMessage(String source) {
        String version = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        return "Reading YAML (" + source + ") needs jackson-dataformat-yaml, which is not on the class path: add"
                + " the dependency com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:" + version
                + " (the version of your jackson-databind). On the module path, also add"
                + " --add-modules com.fasterxml.jackson.dataformat.yaml. Or use a .json or .properties file.";
    }
}

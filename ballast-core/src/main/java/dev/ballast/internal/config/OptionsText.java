package dev.ballast.internal.config;

import dev.ballast.Secret;
import dev.ballast.event.BallastListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Writes {@code DatabaseOptions.toString()}: every setting by its builder name, secrets masked. */
public final class OptionsText {

    private OptionsText() {}

    /**
     * @param url the JDBC URL (any password parameter in it is masked)
     * @param username the user name, or null
     * @param password the password, shown masked
     * @param settings every setting
     * @param listeners the listeners, shown by class name
     * @return {@code DatabaseOptions{url=…, username=…, password=******, minPoolSize=2, …}}
     */
    public static String format(String url, String username, Secret password, Map<OptionKey, Object> settings,
            List<BallastListener> listeners) {
        StringJoiner out = new StringJoiner(", ", "DatabaseOptions{", "}");
        out.add("url=" + Redactor.redact(url));
        out.add("username=" + (username == null ? "<none>" : username));
        out.add("password=" + password);
        settings.forEach((key, value) -> out.add(key.builderName() + '=' + show(value)));
        StringJoiner names = new StringJoiner(", ", "[", "]");
        listeners.forEach(l -> names.add(l.getClass().getName()));
        out.add("listeners=" + names);
        return out.toString();
    }

    private static String show(Object value) {
        return value instanceof Duration ? Checks.seconds((Duration) value) + "s" : String.valueOf(value);
    }
}

package dev.ballast.internal.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the nearest known name for a misspelt one, by optimal-string-alignment (Damerau) distance. */
public final class DidYouMean {

    private DidYouMean() {}

    /**
     * @param unknown the name as written
     * @param candidates the known names
     * @return the closest candidate within a small distance (1 for short names, up to 3 for long ones), compared
     *     case-insensitively and ignoring {@code -}, {@code _} and spaces; a key's {@code Seconds} suffix may be
     *     missing
     */
    public static Optional<String> suggest(String unknown, Collection<String> candidates) {
        String target = OptionKey.normalize(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String known = OptionKey.normalize(candidate);
            int d = distance(target, known);
            if (known.endsWith("seconds")) { // "ConnectionTimeout" for "ConnectionTimeoutSeconds"
                d = Math.min(d, distance(target, known.substring(0, known.length() - "seconds".length())));
            }
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed(target) ? Optional.of(best) : Optional.empty();
    }

    /**
     * @param unknown the name as written
     * @param candidates the known names
     * @return {@code " (did you mean X?)"}, or the empty string if nothing is close
     */
    public static String hint(String unknown, Collection<String> candidates) {
        return suggest(unknown, candidates).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    private static int allowed(String name) {
        return name.length() <= 4 ? 1 : name.length() <= 8 ? 2 : 3;
    }

    /**
     * @param a one string
     * @param b another
     * @return the optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps
     */
    static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

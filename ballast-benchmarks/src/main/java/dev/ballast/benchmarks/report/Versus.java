package dev.ballast.benchmarks.report;

import java.util.Map;

/**
 * Ballast against the best of its peers on one measure: which peer did best and Ballast's value divided by that
 * peer's.
 *
 * <p>Labels starting with Ballast's ({@code ballast-tuned}) are Ballast too, never a peer.
 *
 * @param bestPeer the label of the best peer, or {@code null} if there is no peer value (or no Ballast value)
 * @param ratio Ballast's value ÷ the best peer's, or {@code NaN}
 */
public record Versus(String bestPeer, double ratio) {

    /**
     * @param values each pool's value by label; Ballast's under {@code ballastLabel}; non-finite values are ignored
     * @param ballastLabel the label of Ballast's value
     * @param higherIsBetter whether the best peer has the highest (throughput) or the lowest (latency, bytes) value
     * @return the comparison
     */
    public static Versus of(Map<String, Double> values, String ballastLabel, boolean higherIsBetter) {
        Double ballast = values.get(ballastLabel);
        String best = null;
        double bestValue = Double.NaN;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (e.getKey().startsWith(ballastLabel) || !Double.isFinite(v)) { // Ballast, tuned or not, is no peer
                continue;
            }
            if (best == null || (higherIsBetter ? v > bestValue : v < bestValue)) {
                best = e.getKey();
                bestValue = v;
            }
        }
        if (best == null || ballast == null || !Double.isFinite(ballast)) {
            return new Versus(best, Double.NaN);
        }
        return new Versus(best, bestValue == 0 ? Double.NaN : ballast / bestValue);
    }

    /** @return the ratio as {@code 1.23× (agroal)}, or {@code n/a} */
    public String cell() {
        return Double.isFinite(ratio) ? MarkdownTable.number(ratio, 2) + "× (" + bestPeer + ")" : "n/a";
    }
}

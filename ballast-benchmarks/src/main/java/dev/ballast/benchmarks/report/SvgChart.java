package dev.ballast.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * Minimal SVG charts for the result pages, written from the result files with no library and no network: grouped bar
 * charts (one group per measured point, one bar per pool) and line charts (series over time or over a pool size).
 * The output is a self-contained SVG document (fixed size, system fonts).
 */
public final class SvgChart {

    /** Bar and line colours, one per series in order (Ballast first, in a colour of its own). */
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#ff7f0e",
        "#17becf", "#7f7f7f", "#bcbd22", "#e377c2"};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    /**
     * A named series of points.
     *
     * @param name the legend text
     * @param x the x values
     * @param y the y values, one per x
     */
    public record Series(String name, double[] x, double[] y) {
    }

    private SvgChart() {
    }

    /**
     * @param title the chart's title
     * @param yLabel the y axis' label (with its unit)
     * @param groups one label per group of bars (x axis)
     * @param series one name per bar in a group (legend)
     * @param values {@code values[s][g]}: series {@code s} in group {@code g}; non-finite values draw no bar
     * @return the SVG document
     */
    public static String bars(String title, String yLabel, List<String> groups, List<String> series,
            double[][] values) {
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double top = niceCeiling(max);
        StringBuilder svg = header(title);
        axes(svg, yLabel, 0, top);
        int plotWidth = WIDTH - LEFT - RIGHT;
        double groupWidth = plotWidth / (double) Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][g];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double h = (HEIGHT - TOP - BOTTOM) * v / top;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title>"
                                + "</rect>%n",
                        gx + s * barWidth, HEIGHT - BOTTOM - h, Math.max(1, barWidth - 1), h, colour(s),
                        escape(series.get(s)), format(v)));
            }
            text(svg, LEFT + g * groupWidth + groupWidth / 2, HEIGHT - BOTTOM + 18, "middle", groups.get(g));
        }
        legend(svg, series);
        return svg.append("</svg>\n").toString();
    }

    /**
     * @param title the chart's title
     * @param xLabel the x axis' label (with its unit)
     * @param yLabel the y axis' label (with its unit)
     * @param series the lines; each needs at least one point
     * @return the SVG document
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                if (Double.isFinite(s.y()[i])) {
                    maxY = Math.max(maxY, s.y()[i]);
                }
            }
        }
        if (!(maxX > minX)) {
            maxX = minX + 1;
        }
        double top = niceCeiling(maxY);
        StringBuilder svg = header(title);
        axes(svg, yLabel, 0, top);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int k = 0; k <= 5; k++) {
            double xv = minX + (maxX - minX) * k / 5;
            text(svg, LEFT + plotWidth * k / 5.0, HEIGHT - BOTTOM + 18, "middle", format(xv));
        }
        text(svg, LEFT + plotWidth / 2.0, HEIGHT - 15, "middle", xLabel);
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.x().length; i++) {
                if (!Double.isFinite(line.y()[i])) {
                    continue;
                }
                double px = LEFT + plotWidth * (line.x()[i] - minX) / (maxX - minX);
                double py = HEIGHT - BOTTOM - plotHeight * line.y()[i] / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                if (line.x().length <= 40) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                            px, py, colour(s)));
                }
            }
            svg.append(String.format(Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(), colour(s)));
        }
        legend(svg, series.stream().map(Series::name).toList());
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                WIDTH / 2, escape(title)));
        return svg;
    }

    private static void axes(StringBuilder svg, String yLabel, double min, double max) {
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int k = 0; k <= 5; k++) {
            double y = HEIGHT - BOTTOM - plotHeight * k / 5.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            text(svg, LEFT - 6, y + 4, "end", format(min + (max - min) * k / 5));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2, escape(yLabel)));
    }

    private static void legend(StringBuilder svg, List<String> names) {
        for (int s = 0; s < names.size(); s++) {
            int y = TOP + 10 + s * 20;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    WIDTH - RIGHT + 15, y - 10, colour(s)));
            text(svg, WIDTH - RIGHT + 32, y, "start", names.get(s));
        }
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y,
                anchor, escape(text)));
    }

    private static String colour(int series) {
        return COLOURS[series % COLOURS.length];
    }

    /** @return a round number at or above {@code v} (1, 2 or 5 times a power of ten), at least 1 */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= v) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double v) {
        if (v != 0 && Math.abs(v) < 10) {
            return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

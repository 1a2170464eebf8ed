package dev.ballast.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row; numbers are formatted by the caller or with {@link #number}. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header the column titles */
    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    /**
     * @param cells one cell per column
     * @return this table
     * @throws IllegalArgumentException if the number of cells differs from the number of columns
     */
    public MarkdownTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size()
                    + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /**
     * @param value a number
     * @param decimals digits after the point
     * @return it formatted with a fixed number of decimals, or {@code n/a} if it is not finite
     */
    public static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * @param numerator the value compared
     * @param denominator what it is compared to
     * @return {@code numerator / denominator} as {@code 1.23×}, or {@code n/a}
     */
    public static String ratio(double numerator, double denominator) {
        return denominator > 0 && Double.isFinite(numerator) ? number(numerator / denominator, 2) + "×" : "n/a";
    }

    @Override
    public String toString() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, header.get(i).length());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append(' ').append("-".repeat(width)).append(" |");
        }
        sb.append(rule).append('\n');
        for (List<String> row : rows) {
            line(sb, row, widths);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        sb.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            sb.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
        }
        sb.append('\n');
    }
}

package io.planexec.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metrics catalogue of docs/operations.md ("The metrics catalogue"): one table whose rows are {@code | meter |
 * Prometheus name | type | tags | service | meaning |}. The services' doc tests compare its rows with their meters.
 */
public final class MeterCatalogue {

    private static final String HEADER = "| meter | Prometheus name | type | tags | service | meaning |";

    private MeterCatalogue() {}

    /** The catalogue's rows (header and separator left out), as written in {@code operationsDoc}. */
    public static List<String> rows(String operationsDoc) {
        int from = operationsDoc.indexOf(HEADER);
        if (from < 0) {
            throw new IllegalArgumentException("docs/operations.md has no metrics catalogue (" + HEADER + ")");
        }
        List<String> rows = new ArrayList<>();
        String[] lines = operationsDoc.substring(from).split("\n");
        for (int i = 2; i < lines.length && lines[i].startsWith("|"); i++) {
            rows.add(lines[i]);
        }
        return rows;
    }

    /** The cells of a row, trimmed. */
    public static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        return Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(String::trim).toList();
    }
}

package io.planexec.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state machine's moves as a doc writes them: a {@code | from | to |} table whose rows name a state in backticks in
 * the first cell and the states it may move to, each in backticks, in the second ("nothing" for none). Descriptions in
 * parentheses may follow each name; they must not name a state in backticks. The lifecycle tests compare such a table
 * with the code's {@code canMoveTo}.
 */
public final class TransitionTable {

    private static final String HEADER = "| from | to |";
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    private TransitionTable() {}

    /**
     * The moves of the one {@code | from | to |} table of {@code doc} whose first column names exactly the constants of
     * {@code states}.
     *
     * @throws IllegalArgumentException when the doc has no such table, or it names a state twice
     */
    public static <E extends Enum<E>> Map<E, Set<E>> read(Path doc, Class<E> states) {
        String text;
        try {
            text = Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new HashSet<>();
        for (E e : states.getEnumConstants()) {
            names.add(e.name());
        }
        List<String> lines = Arrays.asList(text.split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals(HEADER)) {
                continue;
            }
            Map<E, Set<E>> moves = new EnumMap<>(states);
            for (int r = i + 2; r < lines.size() && lines.get(r).startsWith("|"); r++) {
                List<String> cells = MeterCatalogue.cells(lines.get(r));
                List<String> from = names(cells.get(0));
                if (from.isEmpty() || !names.contains(from.get(0))) {
                    break;
                }
                E state = Enum.valueOf(states, from.get(0));
                Set<E> to = EnumSet.noneOf(states);
                for (String name : names(cells.get(1))) {
                    if (!names.contains(name)) {
                        throw new IllegalArgumentException(doc + " line " + (r + 1) + ": `" + name
                                + "` is not a state of " + states.getSimpleName());
                    }
                    to.add(Enum.valueOf(states, name));
                }
                if (moves.put(state, to) != null) {
                    throw new IllegalArgumentException(
                            doc + " line " + (r + 1) + ": the table names " + state + " twice in its first column");
                }
            }
            if (moves.keySet().equals(EnumSet.allOf(states))) {
                return moves;
            }
        }
        throw new IllegalArgumentException(
                doc + " has no " + HEADER + " table naming every state of " + states.getSimpleName() + " " + names);
    }

    private static List<String> names(String cell) {
        List<String> found = new ArrayList<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}

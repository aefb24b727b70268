package io.planexec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a recipe in a Markdown document, so a test can follow it word for word: each fenced block after a marker
 * {@code <!-- recipe: run -->} (commands to run, one after the other, each to succeed), {@code <!-- recipe: start -->}
 * (commands whose last one keeps running) or {@code <!-- recipe: file PATH -->} (a file's content).
 */
record ReadmeRecipe(List<Step> steps) {

    private static final Pattern MARKER = Pattern.compile("<!-- recipe: (run|start|file (\\S+)) -->");

    /** What a step does. */
    enum Kind {
        RUN,
        START,
        FILE
    }

    /**
     * One step.
     *
     * @param kind what it does
     * @param path for a file: where it goes, as the document writes it ({@code ~/...} is in the home directory)
     * @param text the block's text: the commands, or the file's content
     * @param line where the block starts in the document
     */
    record Step(Kind kind, String path, String text, int line) {

        /** The file's place, with {@code ~} the home directory. */
        Path file(Path home) {
            return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
        }
    }

    static ReadmeRecipe read(Path document) throws IOException {
        List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                throw new AssertionError(document + ":" + (i + 1) + ": a recipe marker must be followed by a block");
            }
            StringBuilder text = new StringBuilder();
            int j = i + 2;
            while (j < lines.size() && !lines.get(j).equals("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            Kind kind = m.group(1).equals("run") ? Kind.RUN : m.group(1).equals("start") ? Kind.START : Kind.FILE;
            steps.add(new Step(kind, m.group(2), text.toString(), i + 3));
            i = j;
        }
        return new ReadmeRecipe(List.copyOf(steps));
    }
}

package io.planexec.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A resource name that may refer to a step's top-level arguments: {@code database:users} is literal, {@code
 * file:{path}} takes the argument {@code path}. Placeholders are {@code {name}} with a name of letters, digits and
 * {@code _}; braces are not special anywhere else. A {@code *} at the end makes it a <em>prefix</em> on purpose: {@code
 * file:{path}/*} is every resource under the directory {@code path}, as a tool that lists or searches it reads.
 *
 * <p>{@link #resolve} gives the concrete resource when every placeholder's argument is a scalar (string, number,
 * boolean) and otherwise a <em>prefix</em>: the literal text before the first placeholder, meaning "every resource that
 * starts with this" (an argument that is missing, an object, or a {@code $ref} known only at run time).
 */
public final class ResourceTemplate {

    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final String text;
    private final List<String> literals; // literals.size() == names.size() + 1
    private final List<String> names;
    private final boolean wildcard;

    private ResourceTemplate(String text, List<String> literals, List<String> names, boolean wildcard) {
        this.text = text;
        this.literals = literals;
        this.names = names;
        this.wildcard = wildcard;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and the problem, for an empty template, an unclosed or
     *     empty placeholder, or a placeholder name that is not {@code [A-Za-z0-9_]+}
     */
    public static ResourceTemplate parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a resource must not be empty");
        }
        boolean wildcard = text.endsWith("*");
        int length = wildcard ? text.length() - 1 : text.length();
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0 || end >= length) {
                    throw new IllegalArgumentException(
                            "resource '" + text + "': '{' at position " + i + " is not closed");
                }
                String name = text.substring(i + 1, end);
                if (!PLACEHOLDER_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("resource '" + text + "': placeholder '{" + name
                            + "}' must name an argument ([A-Za-z0-9_]+)");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(name);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        return new ResourceTemplate(text, List.copyOf(literals), List.copyOf(names), wildcard);
    }

    /** The template as written. */
    public String text() {
        return text;
    }

    /** Whether it has no placeholder and no trailing {@code *}: one resource, whatever the arguments. */
    public boolean isLiteral() {
        return names.isEmpty() && !wildcard;
    }

    /** Whether it ends with {@code *}: every resource starting with what comes before. */
    public boolean isWildcard() {
        return wildcard;
    }

    /** The argument names it refers to, in order. */
    public List<String> argumentNames() {
        return names;
    }

    /** The resource a step with these arguments touches. */
    public Resource resolve(Map<String, Object> args) {
        if (names.isEmpty()) {
            return wildcard ? Resource.prefix(literals.get(0)) : Resource.exact(text);
        }
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int k = 0; k < names.size(); k++) {
            Object value = args == null ? null : args.get(names.get(k));
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return Resource.prefix(literals.get(0));
            }
            out.append(value).append(literals.get(k + 1));
        }
        return wildcard ? Resource.prefix(out.toString()) : Resource.exact(out.toString());
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * A resource a step touches: an exact name, or every name starting with a prefix.
     *
     * @param name the exact name, or the prefix
     * @param isPrefix whether {@code name} is a prefix
     */
    public record Resource(String name, boolean isPrefix) {

        public static Resource exact(String name) {
            return new Resource(name, false);
        }

        public static Resource prefix(String prefix) {
            return new Resource(prefix, true);
        }

        /** Whether the two can name the same resource. */
        public boolean overlaps(Resource other) {
            if (!isPrefix && !other.isPrefix) {
                return name.equals(other.name);
            }
            if (isPrefix && other.isPrefix) {
                return name.startsWith(other.name) || other.name.startsWith(name);
            }
            return isPrefix ? other.name.startsWith(name) : name.startsWith(other.name);
        }

        /** {@code file:a.txt}, or {@code file:*} for a prefix. */
        @Override
        public String toString() {
            return isPrefix ? name + "*" : name;
        }
    }
}

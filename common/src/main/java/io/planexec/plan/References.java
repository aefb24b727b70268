package io.planexec.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The references a step's arguments hold, and their resolution into concrete values.
 *
 * <p>Two reference objects may stand anywhere in the arguments (at any depth):
 *
 * <ul>
 *   <li>{@code {"$ref": "step"}}: the output of another step of the plan, or with {@code "path": "/items/0"} the part
 *       of it a JSON pointer (RFC 6901) selects;
 *   <li>{@code {"$artifact": "name"}}: the output of the step that produces the artifact, optionally with a {@code
 *       "path"} as well.
 * </ul>
 *
 * A reference names a step or artifact of the same plan, never a URL or a file: nothing is ever fetched. An argument
 * that must reach the tool as written although it looks like a reference (a JSON Schema's {@code {"$ref":
 * "#/definitions/User"}}) is wrapped: {@code {"$literal": value}} stands for {@code value} exactly, which is never
 * scanned for references.
 */
public final class References {

    /** The key of a step reference. */
    public static final String REF = "$ref";
    /** The key of an artifact reference. */
    public static final String ARTIFACT = "$artifact";
    /** The optional JSON pointer into the referenced output. */
    public static final String PATH = "path";
    /** The key of a literal: its value reaches the tool as written, references inside it untouched. */
    public static final String LITERAL = "$literal";

    private References() {}

    /**
     * One reference found in arguments.
     *
     * @param kind {@link #REF} or {@link #ARTIFACT}
     * @param target the step id or artifact name
     * @param pointer the JSON pointer into its output ({@code ""} for the whole output)
     * @param location where in the arguments it stands, e.g. {@code args.user.id}
     */
    public record Reference(String kind, String target, String pointer, String location) {}

    /** What scanning arguments found: the references, and any malformed reference objects. */
    public record Scan(List<Reference> references, List<String> problems) {}

    /** Finds every reference in a step's arguments, and describes malformed reference objects. */
    public static Scan scan(Map<String, Object> args) {
        List<Reference> refs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        walk(args, "args", refs, problems);
        return new Scan(List.copyOf(refs), List.copyOf(problems));
    }

    private static void walk(Object value, String location, List<Reference> refs, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(LITERAL)) {
                if (map.size() != 1) {
                    problems.add(location + ": a $literal object holds only $literal, found "
                            + map.keySet().stream()
                                    .filter(k -> !k.equals(LITERAL))
                                    .map(k -> "'" + k + "'")
                                    .toList());
                }
                return;
            }
            boolean isRef = map.containsKey(REF);
            boolean isArtifact = map.containsKey(ARTIFACT);
            if (isRef || isArtifact) {
                reference(map, location, isRef, isArtifact, refs, problems);
                return;
            }
            map.forEach((k, v) -> walk(v, location + "." + k, refs, problems));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), location + "[" + i + "]", refs, problems);
            }
        }
    }

    private static void reference(
            Map<?, ?> map,
            String location,
            boolean isRef,
            boolean isArtifact,
            List<Reference> refs,
            List<String> problems) {
        if (isRef && isArtifact) {
            problems.add(location + ": an object cannot hold both $ref and $artifact");
            return;
        }
        String key = isRef ? REF : ARTIFACT;
        for (Object k : map.keySet()) {
            if (!k.equals(key) && !k.equals(PATH)) {
                problems.add(location + ": a " + key + " object holds only " + key + " and path, found '" + k + "'");
                return;
            }
        }
        if (!(map.get(key) instanceof String target) || target.isEmpty()) {
            problems.add(location + ": " + key + " must be a non-empty string");
            return;
        }
        Object path = map.get(PATH);
        String pointer = "";
        if (path != null) {
            if (!(path instanceof String p)) {
                problems.add(location + ": path must be a JSON pointer string like \"/items/0\"");
                return;
            }
            String invalid = JsonPointer.check(p);
            if (invalid != null) {
                problems.add(location + ": path '" + p + "' " + invalid);
                return;
            }
            pointer = p;
        }
        refs.add(new Reference(key, target, pointer, location));
    }

    /**
     * Replaces every reference in {@code args} with the value it names.
     *
     * @param outputOfStep the output of a finished step by id
     * @param producerOfArtifact the id of the step producing an artifact
     * @return the concrete arguments
     * @throws UnresolvableReferenceException when a pointer selects nothing in the output
     */
    public static Map<String, Object> resolve(
            Map<String, Object> args,
            Function<String, Object> outputOfStep,
            Function<String, String> producerOfArtifact) {
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) substitute(args, "args", outputOfStep, producerOfArtifact);
        return resolved;
    }

    private static Object substitute(
            Object value,
            String location,
            Function<String, Object> outputOfStep,
            Function<String, String> producerOfArtifact) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(LITERAL)) {
                return map.get(LITERAL);
            }
            if (map.containsKey(REF) || map.containsKey(ARTIFACT)) {
                boolean isRef = map.containsKey(REF);
                String target = (String) map.get(isRef ? REF : ARTIFACT);
                String step = isRef ? target : producerOfArtifact.apply(target);
                Object output = outputOfStep.apply(step);
                Object path = map.get(PATH);
                if (path == null || ((String) path).isEmpty()) {
                    return output;
                }
                try {
                    return JsonPointer.select(output, (String) path);
                } catch (IllegalArgumentException e) {
                    String what =
                            isRef ? "$ref '" + target + "'" : "$artifact '" + target + "' (from step '" + step + "')";
                    throw new UnresolvableReferenceException(
                            location + ": " + what + " path '" + path + "': " + e.getMessage());
                }
            }
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach(
                    (k, v) -> out.put((String) k, substitute(v, location + "." + k, outputOfStep, producerOfArtifact)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(substitute(list.get(i), location + "[" + i + "]", outputOfStep, producerOfArtifact));
            }
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    /**
     * The arguments with each top-level {@code {"$literal": value}} replaced by its value: what resource templates such
     * as {@code file:{path}} read (a literal path names its file; references are left as they are, known only at run
     * time).
     */
    public static Map<String, Object> withLiteralsUnwrapped(Map<String, Object> args) {
        if (args == null || args.values().stream().noneMatch(References::isLiteral)) {
            return args;
        }
        Map<String, Object> out = new LinkedHashMap<>(args.size() * 2);
        args.forEach((k, v) -> out.put(k, isLiteral(v) ? ((Map<?, ?>) v).get(LITERAL) : v));
        return out;
    }

    private static boolean isLiteral(Object value) {
        return value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey(LITERAL);
    }

    /** A reference whose JSON pointer selects nothing in the referenced output. */
    public static final class UnresolvableReferenceException extends RuntimeException {
        public UnresolvableReferenceException(String message) {
            super(message);
        }
    }
}

package io.planexec.plan;

import java.util.List;
import java.util.Map;

/** RFC 6901 JSON pointers over plain-Java JSON values. */
final class JsonPointer {

    private JsonPointer() {}

    /** Returns {@code null} if {@code pointer} is a valid JSON pointer, else what is wrong with it. */
    static String check(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        if (pointer.charAt(0) != '/') {
            return "is not a JSON pointer (it must be empty or start with '/')";
        }
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
                if (next != '0' && next != '1') {
                    return "has '~' at position " + i + " not followed by 0 or 1";
                }
            }
        }
        return null;
    }

    /**
     * The value {@code pointer} selects in {@code root}.
     *
     * @throws IllegalArgumentException saying which token selects nothing
     */
    static Object select(Object root, String pointer) {
        if (pointer.isEmpty()) {
            return root;
        }
        Object current = root;
        String[] tokens = pointer.substring(1).split("/", -1);
        StringBuilder at = new StringBuilder();
        for (String raw : tokens) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            at.append('/').append(raw);
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(token)) {
                    throw new IllegalArgumentException("no member '" + token + "' at " + at);
                }
                current = map.get(token);
            } else if (current instanceof List<?> list) {
                int index = arrayIndex(token);
                if (index < 0 || index >= list.size()) {
                    throw new IllegalArgumentException(
                            "no element " + token + " at " + at + " (the array has " + list.size() + ")");
                }
                current = list.get(index);
            } else {
                throw new IllegalArgumentException(
                        "cannot descend into " + (current == null ? "null" : "a scalar") + " at " + at);
            }
        }
        return current;
    }

    private static int arrayIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}

package io.planexec.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Refuses settings a service does not know in the namespaces it owns ({@code planner.*}, {@code executor.*}, {@code
 * topic.*}, {@code http.*}), naming the closest known one: a typo such as {@code planner.treads} must not start a
 * service that silently ignores it. Settings outside those namespaces (another service's, {@code kafka.*}, {@code
 * streams.*} and the like, passed through to Kafka with Kafka's own checks) are left alone.
 */
public final class UnknownSettings {

    private UnknownSettings() {}

    /**
     * Checks the settings.
     *
     * @param owned the prefixes whose every setting must be defined, e.g. {@code planner.}
     * @throws ConfigException naming every unknown setting, with a suggestion where one is close
     */
    public static void requireKnown(ConfigDef definition, Map<String, ?> settings, Collection<String> owned) {
        Set<String> known = definition.names();
        List<String> problems = new ArrayList<>();
        for (String name : settings.keySet()) {
            if (known.contains(name) || owned.stream().noneMatch(name::startsWith)) {
                continue;
            }
            String closest = closest(name, known);
            problems.add("'" + name + "'" + (closest == null ? "" : " (did you mean '" + closest + "'?)"));
        }
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new ConfigException((problems.size() == 1 ? "unknown setting " : "unknown settings ")
                    + String.join(", ", problems)
                    + "; every setting is listed in docs/operations.md");
        }
    }

    /** The known name nearest to {@code name}, if it is near enough to be a typo of it. */
    static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    /** The Levenshtein distance (insertions, deletions and substitutions) between two names. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

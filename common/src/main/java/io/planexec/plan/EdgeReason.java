package io.planexec.plan;

/**
 * Why one step waits for another.
 *
 * @param kind the rule that made the edge
 * @param detail the rule in words, naming what links the steps (e.g. "both write database:users")
 */
public record EdgeReason(Kind kind, String detail) {

    /** The dependency rules. */
    public enum Kind {
        /** The later step lists the earlier one in {@code depends_on}. */
        EXPLICIT(true),
        /** The later step's arguments reference the earlier step's output with {@code $ref}. */
        REF(true),
        /** The later step consumes an artifact the earlier one produces. */
        ARTIFACT(true),
        /** Both touch a resource and at least one writes it. */
        RESOURCE(false),
        /** One of them has no resource information, so it runs alone. */
        NO_SPEC(false);

        private final boolean dataFlow;

        Kind(boolean dataFlow) {
            this.dataFlow = dataFlow;
        }

        /**
         * Whether the later step needs the earlier one to succeed. Data-flow edges ({@code explicit}, {@code ref},
         * {@code artifact}) do: if the earlier step does not succeed, the later one is SKIPPED. Ordering edges ({@code
         * resource}, {@code no_spec}) only order the two: the later step runs once the earlier one has ended, whatever
         * its outcome.
         */
        public boolean isDataFlow() {
            return dataFlow;
        }

        /** The lower-case name used in the explain output: {@code explicit}, {@code ref}, ... */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

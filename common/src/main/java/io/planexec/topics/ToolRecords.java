package io.planexec.topics;

import io.planexec.model.ToolSpec;
import io.planexec.wire.WireFormat;
import io.planexec.wire.WireFormatException;

/**
 * What one record of {@code <prefix>.tools} does to the registry: the one rule the planner (which plans against the
 * registry) and every reader of it ({@code planexec tools}, the Java client) apply, so they never disagree about which
 * tools exist. A record registers the spec it holds when its key is the spec's name; a tombstone (null value) removes
 * the tool named by its key; anything else (no key, an unreadable spec, a key naming another tool) is ignored, and the
 * registry stays as it was.
 */
public final class ToolRecords {

    private ToolRecords() {}

    /** A change to the registry. */
    public sealed interface Change permits Register, Remove, Ignore {}

    /** The tool is registered with this spec (replacing an earlier one of the same name). */
    public record Register(ToolSpec spec) implements Change {}

    /** The tool of this name is removed. */
    public record Remove(String name) implements Change {}

    /** Nothing changes, for this reason. */
    public record Ignore(String reason) implements Change {}

    /** The change a record makes. */
    public static Change of(String key, byte[] value, WireFormat wire) {
        if (key == null) {
            return new Ignore("record without a key (the key must be the tool name)");
        }
        if (value == null) {
            return new Remove(key);
        }
        ToolSpec spec;
        try {
            spec = wire.readToolSpec(value);
        } catch (WireFormatException e) {
            return new Ignore(e.getMessage());
        }
        if (!spec.name().equals(key)) {
            return new Ignore("the record's key is '" + key + "' but its spec names tool '" + spec.name()
                    + "' (the key must be the tool name)");
        }
        return new Register(spec);
    }
}

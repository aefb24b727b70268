package io.planexec.config;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The reference table of a service's settings, in Markdown, generated from its {@link ConfigDef} so the documentation
 * cannot drift from the code: {@code docs/operations.md} embeds it and a test compares the two.
 */
public final class ConfigTables {

    private ConfigTables() {}

    /**
     * A Markdown table with one row per setting: name, environment variable, type, default, valid values and the
     * documentation, in the order the settings were defined.
     */
    public static String markdown(ConfigDef definition) {
        StringBuilder out = new StringBuilder();
        out.append("| setting | environment variable | type | default | valid values | meaning |\n");
        out.append("|---|---|---|---|---|---|\n");
        List<ConfigDef.ConfigKey> keys = List.copyOf(definition.configKeys().values());
        for (ConfigDef.ConfigKey key : keys) {
            out.append("| `")
                    .append(key.name)
                    .append("` | `")
                    .append(ConfigSources.envName(key.name))
                    .append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(defaultOf(key))
                    .append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ")
                    .append(cell(key.documentation))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "(none)";
        }
        String text = value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return text.isEmpty() ? "(empty)" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

package io.planexec.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a service's settings come from, lowest precedence first: a properties file, then {@code PLANEXEC_*}
 * environment variables, then explicit overrides (command-line options). The result is a flat map of setting names to
 * values, ready for a service's typed configuration.
 *
 * <p>Environment variable names are the setting name in upper case, with {@code .} written as {@code _} and {@code -}
 * written as {@code __}, after the prefix {@code PLANEXEC_}: {@code topic.prefix} is {@code PLANEXEC_TOPIC_PREFIX},
 * {@code kafka.sasl.jaas.config} is {@code PLANEXEC_KAFKA_SASL_JAAS_CONFIG}.
 */
public final class ConfigSources {

    /** The prefix of the environment variables planexec reads. */
    public static final String ENV_PREFIX = "PLANEXEC_";

    private ConfigSources() {}

    /**
     * Merges the three sources.
     *
     * @param file a properties file, or {@code null} for none
     * @param env the process environment (usually {@code System.getenv()})
     * @param overrides settings given explicitly; they win over everything else
     * @throws IllegalArgumentException naming the file and the problem when the file cannot be read
     */
    public static Map<String, String> load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(fromFile(file));
        }
        merged.putAll(fromEnv(env));
        merged.putAll(overrides);
        return merged;
    }

    /** The settings in a properties file (UTF-8). */
    public static Map<String, String> fromFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }

    /** The settings given as {@code PLANEXEC_*} environment variables. */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                settings.put(settingName(name), value);
            }
        });
        return settings;
    }

    /** The environment variable that sets a setting: {@code topic.prefix} gives {@code PLANEXEC_TOPIC_PREFIX}. */
    public static String envName(String setting) {
        return ENV_PREFIX + setting.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The setting an environment variable sets: {@code PLANEXEC_TOPIC_PREFIX} gives {@code topic.prefix}. */
    static String settingName(String envName) {
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        return rest.replace("__", "\u0000").replace('_', '.').replace('\u0000', '-');
    }
}

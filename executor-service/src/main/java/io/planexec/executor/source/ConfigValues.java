package io.planexec.executor.source;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;

/**
 * References to secrets in the values of a tool source's configuration (headers, environment variables, URLs), so
 * that the file itself holds none. The references are Kafka's config providers', the ones Kafka users already keep
 * their secrets with:
 *
 * <ul>
 *   <li>{@code ${env:NAME}}: the executor's environment variable;
 *   <li>{@code ${file:PATH:KEY}}: the value of {@code KEY} in the properties file {@code PATH} ({@link
 *       FileConfigProvider});
 *   <li>{@code ${dir:PATH:FILE}}: the content of the file {@code FILE} in the directory {@code PATH}, as Kubernetes
 *       mounts a secret ({@link DirectoryConfigProvider}).
 * </ul>
 */
public final class ConfigValues {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file|dir):([^}]*)}");

    private ConfigValues() {}

    /**
     * The value with its references replaced.
     *
     * @throws IllegalArgumentException naming the reference and why it has no value (an unset variable, a file that
     *     cannot be read, a missing key)
     */
    public static String expand(String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String target = m.group(2);
            String replacement = switch (kind) {
                case "env" -> {
                    String v = env.get(target);
                    if (v == null) {
                        throw new IllegalArgumentException(
                                "refers to ${env:" + target + "}, but the variable " + target + " is not set");
                    }
                    yield v;
                }
                case "file" -> provided(new FileConfigProvider(), "file", target);
                default -> provided(new DirectoryConfigProvider(), "dir", target);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String provided(ConfigProvider provider, String kind, String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("${" + kind + ":" + target + "} must be ${" + kind + ":PATH:"
                    + (kind.equals("file") ? "KEY" : "FILE") + "}");
        }
        String path = target.substring(0, colon);
        String key = target.substring(colon + 1);
        try (provider) {
            provider.configure(Map.of());
            ConfigData data = provider.get(path, Set.of(key));
            String v = data.data().get(key);
            if (v == null) {
                throw new IllegalArgumentException("refers to ${" + kind + ":" + target + "}, but "
                        + (kind.equals("file")
                                ? "the file " + path + " has no key " + key
                                : "there is no file " + key + " in " + path));
            }
            return v;
        } catch (ConfigException e) {
            throw new IllegalArgumentException("refers to ${" + kind + ":" + target + "}: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("refers to ${" + kind + ":" + target + "}: " + e.getMessage(), e);
        }
    }
}

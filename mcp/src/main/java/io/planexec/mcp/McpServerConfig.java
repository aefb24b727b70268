package io.planexec.mcp;

import java.util.List;
import java.util.Map;

/** One server of an {@link McpConfig}: a process spoken to over stdio, or an HTTP endpoint. */
public sealed interface McpServerConfig {

    /** The server's name in the configuration: its tools are named {@code NAME__TOOL}. */
    String name();

    /**
     * A server run as a child process, spoken to over its standard input and output.
     *
     * @param env variables added to the process's environment
     */
    record Stdio(String name, String command, List<String> args, Map<String, String> env) implements McpServerConfig {
        public Stdio {
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }

        @Override
        public String toString() {
            return "stdio server '" + name + "' (" + command + (args.isEmpty() ? "" : " " + String.join(" ", args))
                    + ")";
        }
    }

    /**
     * A server at a streamable-HTTP endpoint.
     *
     * @param headers sent with every request (e.g. {@code Authorization})
     */
    record Http(String name, String url, Map<String, String> headers) implements McpServerConfig {
        public Http {
            headers = Map.copyOf(headers);
        }

        /** Leaves the headers' values out: they often hold credentials. */
        @Override
        public String toString() {
            return "HTTP server '" + name + "' (" + url + ")";
        }
    }
}

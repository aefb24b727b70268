package io.planexec.kafka.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free ports on loopback for processes that bind them later: below the system's ephemeral range, and never the same
 * one twice in this JVM. A process binds its port a few seconds after it is chosen, and a killed broker binds its port
 * again when it comes back: a port of the ephemeral range may meanwhile be taken by one of the many outgoing
 * connections of the other processes, which is what a port picked by binding port 0 is.
 */
public final class LocalPorts {

    private static final Random RANDOM = new Random();
    private static final Set<Integer> CHOSEN = ConcurrentHashMap.newKeySet();

    private LocalPorts() {}

    /**
     * A port that nothing on 127.0.0.1 listens on now and that this JVM has not handed out before.
     *
     * @throws IllegalStateException when none is found in 200 tries
     */
    public static int free() {
        int below = ephemeralLow();
        int from = Math.max(1_024, Math.min(10_000, below - 1_000));
        for (int tries = 0; tries < 200; tries++) {
            int port = from + RANDOM.nextInt(below - from);
            if (!CHOSEN.add(port)) {
                continue; // given to another process of this JVM, which may not have bound it yet
            }
            try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("cannot find a free port on loopback between " + from + " and " + below);
    }

    /** The lowest port of the system's ephemeral range (Linux), or 32768. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            int low = Integer.parseInt(java.util.regex.Pattern.compile("\\s+").split(range, 2)[0]);
            return low > 2_048 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}

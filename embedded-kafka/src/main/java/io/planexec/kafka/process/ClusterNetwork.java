package io.planexec.kafka.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts of their own on this machine: each a Linux network namespace with one address on a bridge, as if each were a
 * machine on one switch. The processes of this namespace (the tests, planexec's services) reach every host through the
 * bridge's address; a host can be cut off from the network ({@link Host#cutOff}: its cable pulled, every packet to and
 * from it lost, the process itself running on) and connected again.
 *
 * <p>Needs root (or {@code CAP_SYS_ADMIN} and {@code CAP_NET_ADMIN}) and iproute2's {@code ip}; {@link #unavailable()}
 * says why not when they are missing. Names start with {@code planexec-<pid>-} (namespaces) and {@code px<pid>_}
 * (links, which also carry the alias {@value #ALIAS}), so that what a killed JVM left behind is recognised and removed
 * by the next one, and nothing else is ever touched.
 *
 * <pre>
 *   this namespace: bridge px…_0 10.a.b.1/24
 *        ├── veth px…_0v1 ── host 1 (namespace planexec-…-1): eth0 10.a.b.11/24
 *        ├── veth px…_0v2 ── host 2: eth0 10.a.b.12/24
 *        └── …
 * </pre>
 */
public final class ClusterNetwork implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ClusterNetwork.class);
    private static final AtomicInteger NETWORKS = new AtomicInteger();
    private static final Random RANDOM = new Random();
    private static final long PID = ProcessHandle.current().pid();
    /** The alias every link made here carries: only links with it are ever removed as leftovers. */
    static final String ALIAS = "planexec-cluster-network";

    private final String token;
    private final String bridge;
    private final String subnet;
    private final List<Host> hosts = new ArrayList<>();
    private boolean closed;

    private ClusterNetwork(String token, String subnet) {
        this.token = token;
        this.bridge = "px" + token;
        this.subnet = subnet;
    }

    /**
     * Why hosts of their own cannot be made here (not root, no {@code ip}, namespaces refused), or empty when they
     * can: a probe namespace is created and deleted.
     */
    public static Optional<String> unavailable() {
        String probe = "planexec-" + PID + "-probe";
        try {
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(
                    "network namespaces are not available (they need root and iproute2's ip): " + e.getMessage());
        }
    }

    /**
     * Creates a bridge on a free 10.x.y.0/24 subnet and {@code count} hosts on it, after removing what JVMs that are
     * gone left behind.
     *
     * @throws IllegalStateException naming the {@code ip} command that failed and its output
     */
    public static ClusterNetwork create(int count) {
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("hosts must be between 1 and 200, got " + count);
        }
        removeLeftovers();
        String token = Long.toString(PID, 36) + "_" + Integer.toString(NETWORKS.getAndIncrement(), 36);
        ClusterNetwork network = new ClusterNetwork(token, freeSubnet());
        try {
            network.build(count);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        LOGGER.info("cluster_network bridge={} subnet={}.0/24 hosts={}", network.bridge, network.subnet, count);
        return network;
    }

    private void build(int count) {
        run("ip", "link", "add", bridge, "type", "bridge");
        run("ip", "link", "set", "dev", bridge, "alias", ALIAS);
        run("ip", "addr", "add", subnet + ".1/24", "dev", bridge);
        run("ip", "link", "set", bridge, "up");
        for (int i = 1; i <= count; i++) {
            Host host = new Host(
                    "planexec-" + PID + "-" + token.substring(token.indexOf('_') + 1) + "-" + i,
                    bridge + "v" + i,
                    subnet + "." + (10 + i));
            hosts.add(host);
            run("ip", "netns", "add", host.namespace);
            run("ip", "link", "add", host.link, "type", "veth", "peer", "name", "eth0", "netns", host.namespace);
            run("ip", "link", "set", "dev", host.link, "alias", ALIAS);
            run("ip", "link", "set", host.link, "master", bridge);
            run("ip", "link", "set", host.link, "up");
            run("ip", "-n", host.namespace, "addr", "add", host.address + "/24", "dev", "eth0");
            run("ip", "-n", host.namespace, "link", "set", "eth0", "up");
            run("ip", "-n", host.namespace, "link", "set", "lo", "up");
        }
    }

    /** The {@code i}-th host (from 0). */
    public Host host(int i) {
        return hosts.get(i);
    }

    /** The address of this namespace on the bridge: where the hosts see connections of this machine's processes from. */
    public String gateway() {
        return subnet + ".1";
    }

    /** Deletes every host's namespace and the bridge (the processes in the namespaces must be stopped first). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host host : hosts) {
            quietly("ip", "netns", "del", host.namespace);
            quietly("ip", "link", "del", host.link);
        }
        quietly("ip", "link", "del", bridge);
        LOGGER.info("cluster_network bridge={} removed", bridge);
    }

    /** One host: a network namespace with an address on the bridge. */
    public static final class Host {
        private final String namespace;
        private final String link;
        private final String address;
        private volatile boolean cutOff;

        Host(String namespace, String link, String address) {
            this.namespace = namespace;
            this.link = link;
            this.address = address;
        }

        /** The namespace's name, for {@code ip netns exec NAME ...}. */
        public String namespace() {
            return namespace;
        }

        /** The host's address ({@code 10.a.b.c}). */
        public String address() {
            return address;
        }

        /** The bridge's end of the host's cable: {@code ip link set LINK down} cuts the host off by hand. */
        public String link() {
            return link;
        }

        /** What to put before a command to run it on this host. */
        public List<String> commandPrefix() {
            return List.of("ip", "netns", "exec", namespace);
        }

        /**
         * Cuts the host off: its cable is pulled (the link is set down), so no packet reaches it or leaves it, while
         * its processes run on and their connections stay open, waiting.
         */
        public void cutOff() {
            run("ip", "link", "set", link, "down");
            cutOff = true;
            LOGGER.info("cluster_network host={} address={} cut_off", namespace, address);
        }

        /** Connects a host that was cut off again. */
        public void reconnect() {
            run("ip", "link", "set", link, "up");
            cutOff = false;
            LOGGER.info("cluster_network host={} address={} reconnected", namespace, address);
        }

        public boolean isCutOff() {
            return cutOff;
        }

        @Override
        public String toString() {
            return namespace + "@" + address;
        }
    }

    /** A 10.x.y.0/24 subnet no address or route of this machine is in. */
    private static String freeSubnet() {
        String used = run("ip", "-o", "-4", "addr", "show") + run("ip", "-4", "route", "show", "table", "all");
        for (int tries = 0; tries < 100; tries++) {
            String candidate = "10." + (64 + RANDOM.nextInt(190)) + "." + RANDOM.nextInt(256);
            if (!used.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 subnet found in 100 tries");
    }

    /** Removes the namespaces and bridges of JVMs that are gone (killed before they could close their network). */
    private static void removeLeftovers() {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.trim().split(" ", 2)[0];
            if (name.startsWith("planexec-")) {
                String[] parts = name.split("-");
                if (parts.length >= 3 && isGone(parts[1], 10)) {
                    quietly("ip", "netns", "del", name);
                }
            }
        }
        for (String line : run("ip", "-o", "link", "show").split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length < 2) {
                continue;
            }
            String name = fields[1].split("@", 2)[0];
            int underscore = name.indexOf('_');
            if (name.startsWith("px")
                    && underscore > 2
                    && line.contains("alias " + ALIAS)
                    && isGone(name.substring(2, underscore), 36)) {
                quietly("ip", "link", "del", name);
            }
        }
    }

    private static boolean isGone(String pid, int radix) {
        try {
            long p = Long.parseLong(pid, radix);
            return p != PID && ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (IllegalStateException e) {
            LOGGER.debug("cluster_network {}", e.getMessage());
        }
    }

    /** Runs a command, returns its output. */
    static String run(String... command) {
        return ChildJvms.run(command);
    }
}

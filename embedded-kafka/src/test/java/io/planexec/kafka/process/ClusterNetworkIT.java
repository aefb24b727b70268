package io.planexec.kafka.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hosts of their own on a bridge: each answers on its address from this namespace, a cut-off one does not, and what
 * a JVM that is gone left behind is removed by the next network while links of others are left alone. Skipped,
 * saying why, where network namespaces cannot be made (not root, no iproute2).
 */
class ClusterNetworkIT {

    @BeforeAll
    static void requireNamespaces() {
        Optional<String> why = ClusterNetwork.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElseThrow());
    }

    @Test
    void shouldGiveEachHostItsOwnAddressAndCutItOff() throws Exception {
        try (ClusterNetwork network = ClusterNetwork.create(2)) {
            ClusterNetwork.Host host = network.host(1);
            assertThat(host.address())
                    .startsWith(network.gateway().substring(0, network.gateway().lastIndexOf('.')));
            assertThat(ClusterNetwork.run("ip", "netns", "list")).contains(host.namespace());

            // the host's own view: its address on eth0, reachable from it to the gateway's side
            assertThat(ClusterNetwork.run("ip", "-n", host.namespace(), "-o", "-4", "addr", "show", "dev", "eth0"))
                    .contains(host.address() + "/24");
            assertThat(ClusterNetwork.run("ip", "-o", "link", "show", host.link()))
                    .contains("state UP");

            host.cutOff();
            assertThat(host.isCutOff()).isTrue();
            assertThat(ClusterNetwork.run("ip", "-o", "link", "show", host.link()))
                    .contains("state DOWN");

            host.reconnect();
            assertThat(ClusterNetwork.run("ip", "-o", "link", "show", host.link()))
                    .contains("state UP");
        }
    }

    @Test
    void shouldRemoveWhatAJvmThatIsGoneLeftBehindAndNothingElse() throws Exception {
        // Given the namespace and bridge of a process that is gone, and a link of the same shape without the alias
        long gone = deadPid();
        String namespace = "planexec-" + gone + "-0-1";
        String leftover = "px" + Long.toString(gone, 36) + "_0";
        String foreign = "px" + Long.toString(gone, 36) + "_1";
        ClusterNetwork.run("ip", "netns", "add", namespace);
        ClusterNetwork.run("ip", "link", "add", leftover, "type", "bridge");
        ClusterNetwork.run("ip", "link", "set", "dev", leftover, "alias", ClusterNetwork.ALIAS);
        ClusterNetwork.run("ip", "link", "add", foreign, "type", "bridge");
        try {
            // When a network is made
            try (ClusterNetwork unused = ClusterNetwork.create(1)) {
                // Then the leftovers are gone, the other link is not
                assertThat(ClusterNetwork.run("ip", "netns", "list")).doesNotContain(namespace);
                String links = ClusterNetwork.run("ip", "-o", "link", "show");
                assertThat(links).doesNotContain(leftover + ":").contains(foreign + ":");
            }
        } finally {
            quietly("ip", "netns", "del", namespace);
            quietly("ip", "link", "del", leftover);
            quietly("ip", "link", "del", foreign);
        }
    }

    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static void quietly(String... command) {
        try {
            ClusterNetwork.run(command);
        } catch (IllegalStateException e) {
            // already gone
        }
    }
}

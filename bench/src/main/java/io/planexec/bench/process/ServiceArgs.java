package io.planexec.bench.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a planner or executor process on a cluster: {@code --bootstrap}, the options given, the topic
 * settings of the run ({@code topic.prefix}, replication, min ISR), then every further setting as {@code --set
 * NAME=VALUE}, in order.
 */
public final class ServiceArgs {

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    private ServiceArgs(String bootstrap) {
        args.addAll(List.of("--bootstrap", bootstrap));
    }

    /** A service on this cluster, its topics under this prefix, created with this replication and min ISR. */
    public static ServiceArgs of(String bootstrap, String topicPrefix, int replication, int minInSyncReplicas) {
        return new ServiceArgs(bootstrap)
                .set("topic.prefix", topicPrefix)
                .set("topic.replication.factor", Integer.toString(replication))
                .set("topic.min.insync.replicas", Integer.toString(minInSyncReplicas));
    }

    /** An option of the service's own, e.g. {@code --instance-id ID}. */
    public ServiceArgs option(String name, String value) {
        args.addAll(List.of(name, value));
        return this;
    }

    /** A setting, passed as {@code --set NAME=VALUE}. */
    public ServiceArgs set(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Every setting of the map, in its order. */
    public ServiceArgs setAll(Map<String, String> more) {
        settings.putAll(more);
        return this;
    }

    public List<String> toList() {
        List<String> all = new ArrayList<>(args);
        settings.forEach((name, value) -> all.addAll(List.of("--set", name + "=" + value)));
        return all;
    }
}

package io.planexec.observability;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The meter registry of a service process, as Prometheus scrapes it. */
public final class Registries {

    private Registries() {}

    /**
     * A Prometheus registry whose every meter carries {@code tags} (e.g. {@code service}, {@code instance} and the
     * operator's {@code metrics.tags.*}), with the JVM's and the process's standard meters (memory, GC, threads, class
     * loading, CPU, uptime, file descriptors), and histogram buckets on the timers named in {@code latencyTimers}.
     *
     * <p>The JVM GC binder holds listeners: close the registry when the process stops.
     */
    public static PrometheusMeterRegistry prometheus(Map<String, String> tags, Set<String> latencyTimers) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Tag> common = new ArrayList<>();
        tags.forEach((k, v) -> common.add(Tag.of(k, v)));
        registry.config().commonTags(common).meterFilter(new LatencyHistograms(latencyTimers));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }
}

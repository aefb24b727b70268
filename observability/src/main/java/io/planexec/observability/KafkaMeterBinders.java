package io.planexec.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * The Kafka client and Kafka Streams meter binders of one process ({@code KafkaClientMetrics}, {@code
 * KafkaStreamsMetrics}), on one shared scheduler thread that looks for new Kafka metrics every {@link #REFRESH}.
 *
 * <p>Kafka registers some metrics late (a Streams task's and its RocksDB store's when the task is assigned, a
 * consumer's per-partition lag when it fetches); Micrometer binds those at its next refresh, 60 s by default, which
 * would leave the planner's store panels empty for the first minute. Ten seconds costs a scan of the client's metric map
 * per binder. Close it when the clients close: the binders remove their meters.
 */
public final class KafkaMeterBinders implements AutoCloseable {

    /** How often each binder looks for metrics Kafka registered since the last look. */
    public static final Duration REFRESH = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "planexec-kafka-meters");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> binders = new ArrayList<>();

    public KafkaMeterBinders(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates a binder with the shared scheduler and refresh interval and binds it, e.g. {@code bind((scheduler,
     * refresh) -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, refresh))}.
     */
    public synchronized <B extends MeterBinder & AutoCloseable> B bind(
            BiFunction<ScheduledExecutorService, Duration, B> factory) {
        B binder = factory.apply(scheduler, REFRESH);
        binder.bindTo(registry);
        binders.add(binder);
        return binder;
    }

    /** Closes a binder of {@link #bind} (its meters leave the registry), e.g. when its client was replaced. */
    public synchronized void unbind(AutoCloseable binder) {
        if (binders.remove(binder)) {
            try {
                binder.close();
            } catch (Exception e) {
                // a binder's close only removes meters; nothing to recover
            }
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // a binder's close only removes meters; nothing to recover
            }
        }
        binders.clear();
        scheduler.shutdownNow();
    }
}

package io.planexec.bench.harness.engine;

import io.planexec.client.PlanexecClient;
import io.planexec.model.AgentRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** planexec itself: each request goes through the client, the broker, the planner and the executors. */
public final class PlanexecEngine implements Engine {

    /** The figures of this engine carry no prefix. */
    public static final String NAME = "planexec";

    private final PlanexecClient client;
    private final Duration timeout;

    public PlanexecEngine(PlanexecClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletableFuture<Run> submit(AgentRequest request) {
        long submittedAtMs = System.currentTimeMillis();
        long start = System.nanoTime();
        return client.submit(request, timeout).thenApply(result -> {
            long end = System.nanoTime();
            return new Run(request, start, end, submittedAtMs, System.currentTimeMillis(), result.status(), result);
        });
    }
}

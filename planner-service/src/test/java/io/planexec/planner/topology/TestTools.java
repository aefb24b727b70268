package io.planexec.planner.topology;

import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;

/** Tool specs for the topology tests. */
final class TestTools {

    static final ToolSpec GET_WEATHER = ToolSpec.builder("get_weather")
            .touchesNothing()
            .idempotent(true)
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(2_000)
            .build();
    static final ToolSpec GET_NEWS = ToolSpec.builder("get_news")
            .touchesNothing()
            .idempotent(true)
            .latencyClass(LatencyClass.MEDIUM)
            .maxRetries(2)
            .build();
    static final ToolSpec CREATE_USER = ToolSpec.builder("create_user")
            .writes("database:users")
            .latencyClass(LatencyClass.FAST)
            .timeoutMs(5_000)
            .build();
    static final ToolSpec LIST_USERS = ToolSpec.builder("list_users")
            .reads("database:users")
            .idempotent(true)
            .latencyClass(LatencyClass.FAST)
            .build();
    static final ToolSpec FETCH_USERS = ToolSpec.builder("fetch_users")
            .touchesNothing()
            .idempotent(true)
            .latencyClass(LatencyClass.FAST)
            .build();
    static final ToolSpec EXPORT_USERS = ToolSpec.builder("export_users")
            .writes("file:{filename}")
            .latencyClass(LatencyClass.SLOW)
            .timeoutMs(10_000)
            .build();
    static final ToolSpec SEND_EMAIL = ToolSpec.builder("send_email")
            .touchesNothing()
            .latencyClass(LatencyClass.MEDIUM)
            .timeoutMs(3_000)
            .build();

    /** The custom queue whose topic exists in the topology tests. */
    static final String GPU_QUEUE = "gpu";

    /** A tool of the custom queue {@link #GPU_QUEUE}. */
    static final ToolSpec RENDER = ToolSpec.builder("render")
            .writes("image:{name}")
            .latencyClass(LatencyClass.SLOW)
            .queue(GPU_QUEUE)
            .build();

    /** A tool of a custom queue whose topic does not exist. */
    static final ToolSpec TRANSCODE =
            ToolSpec.builder("transcode").touchesNothing().queue("video").build();

    static final ToolSpec[] ALL = {GET_WEATHER, GET_NEWS, CREATE_USER, LIST_USERS, FETCH_USERS, EXPORT_USERS, SEND_EMAIL
    };

    private TestTools() {}
}

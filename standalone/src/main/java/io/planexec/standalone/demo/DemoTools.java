package io.planexec.standalone.demo;

import io.planexec.executor.tool.Arg;
import io.planexec.executor.tool.NonRetryableException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolContext;
import io.planexec.executor.tool.ToolFunction;
import io.planexec.model.LatencyClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo tools. Slow tools (weather, news, sleep) are asynchronous: they wait on a timer, not on a thread, so a
 * thousand sleeping steps cost no threads, and they stop waiting when the call is cancelled.
 */
public final class DemoTools {

    /** How long weather and news take when the call does not say. */
    public static final int DEFAULT_DELAY_MS = 2_000;

    private final Map<String, User> users = new LinkedHashMap<>();
    private final AtomicLong nextUserId = new AtomicLong(1);
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> flakyAttempts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** A user of the in-memory database. */
    public record User(String id, String name) {}

    /** Every demo tool, ready to register. */
    public List<Tool> tools() {
        return Tool.fromMethods(this);
    }

    /** How many times a tool has been called in this process (for the demo's output and the tests). */
    public int calls(String tool) {
        AtomicInteger n = calls.get(tool);
        return n == null ? 0 : n.get();
    }

    @ToolFunction(
            name = "get_weather",
            description = "Current weather for a city.",
            writes = "cache:weather",
            idempotent = true,
            latencyClass = LatencyClass.SLOW,
            timeoutMs = 30_000)
    public CompletableFuture<String> getWeather(
            @Arg(description = "The city, e.g. SF") String city,
            @Arg(value = "delay_ms", required = false, description = "How long the lookup takes (default 2000)")
                    Integer delayMs) {
        count("get_weather");
        return after(delayMs, () -> "Weather in " + city + ": 72°F, sunny");
    }

    @ToolFunction(
            name = "get_news",
            description = "Latest news about a topic.",
            writes = "cache:news",
            idempotent = true,
            // a news API with a quota: at most this many lookups at once in one executor
            concurrencyCap = 16,
            latencyClass = LatencyClass.SLOW,
            timeoutMs = 30_000)
    public CompletableFuture<String> getNews(
            @Arg(description = "The topic, e.g. tech") String topic,
            @Arg(value = "delay_ms", required = false, description = "How long the lookup takes (default 2000)")
                    Integer delayMs) {
        count("get_news");
        return after(delayMs, () -> "News about " + topic + ": planexec runs tool calls in parallel");
    }

    @ToolFunction(
            name = "create_user",
            description = "Creates a user and returns it with its new id.",
            writes = "database:users",
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public synchronized User createUser(@Arg(description = "The user's name") String name) {
        count("create_user");
        User user = new User("u-" + nextUserId.getAndIncrement(), name);
        users.put(user.id(), user);
        return user;
    }

    @ToolFunction(
            name = "list_users",
            description = "Lists the users.",
            reads = "database:users",
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public synchronized List<User> listUsers() {
        count("list_users");
        return List.copyOf(users.values());
    }

    @ToolFunction(
            name = "update_user",
            description = "Renames a user.",
            writes = "database:users",
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public synchronized User updateUser(
            @Arg(description = "The user's id, e.g. u-1") String id, @Arg(description = "The new name") String name) {
        count("update_user");
        if (!users.containsKey(id)) {
            throw new NonRetryableException("no user with id '" + id + "'; existing ids: " + users.keySet());
        }
        User user = new User(id, name);
        users.put(id, user);
        return user;
    }

    @ToolFunction(
            name = "fetch_users",
            description = "Fetches up to limit users.",
            reads = "database:users",
            idempotent = true,
            latencyClass = LatencyClass.MEDIUM,
            timeoutMs = 10_000)
    public synchronized List<User> fetchUsers(
            @Arg(required = false, description = "At most this many (default all)") Integer limit) {
        count("fetch_users");
        List<User> all = new ArrayList<>(users.values());
        return limit == null || limit >= all.size() ? all : all.subList(0, Math.max(0, limit));
    }

    @ToolFunction(
            name = "export_users",
            description = "Writes users to a file and returns how many were written.",
            writes = "file:{filename}",
            idempotent = true,
            latencyClass = LatencyClass.MEDIUM,
            // write_file writes files too: writes to one resource are ordered across plans only within one queue
            queue = "fast",
            timeoutMs = 10_000)
    public Map<String, Object> exportUsers(
            @Arg(description = "The users to write") List<User> users,
            @Arg(description = "The file, e.g. users.json") String filename) {
        count("export_users");
        StringBuilder text = new StringBuilder();
        users.forEach(u -> text.append(u.id()).append(',').append(u.name()).append('\n'));
        files.put(filename, text.toString());
        return Map.of("filename", filename, "written", users.size());
    }

    @ToolFunction(
            name = "write_file",
            description = "Writes content to a file (in memory).",
            writes = "file:{path}",
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public Map<String, Object> writeFile(
            @Arg(description = "The file's path") String path, @Arg(description = "The new content") String content) {
        count("write_file");
        files.put(path, content);
        return Map.of("path", path, "bytes", content.length());
    }

    @ToolFunction(
            name = "read_file",
            description = "Reads a file (in memory).",
            reads = "file:{path}",
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public String readFile(@Arg(description = "The file's path") String path) {
        count("read_file");
        String content = files.get(path);
        if (content == null) {
            throw new NonRetryableException("no file '" + path + "'; existing files: " + files.keySet());
        }
        return content;
    }

    @ToolFunction(
            name = "sleep",
            description = "Returns value after ms milliseconds.",
            reads = {},
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.MEDIUM,
            timeoutMs = 60_000)
    public CompletableFuture<Object> sleep(
            @Arg(required = false, description = "How long to wait (default 0)") Integer ms,
            @Arg(required = false, description = "What to return") Object value) {
        count("sleep");
        return after(ms == null ? 0 : ms, () -> value);
    }

    @ToolFunction(
            name = "flaky",
            description = "Fails the first fail_times attempts for each key, then succeeds.",
            reads = {},
            writes = {},
            idempotent = true,
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public Map<String, Object> flaky(
            @Arg(value = "fail_times", description = "How many attempts fail") int failTimes,
            @Arg(required = false, description = "Counts attempts separately per key (default: the step)") String key,
            ToolContext context) {
        count("flaky");
        String counter = key != null ? key : context.planId() + "/" + context.stepId();
        int attempt =
                flakyAttempts.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
        if (attempt <= failTimes) {
            throw new IllegalStateException(
                    "flaky failure " + attempt + " of " + failTimes + " for key '" + counter + "'");
        }
        return Map.of("key", counter, "attempts", attempt);
    }

    @ToolFunction(
            name = "fail",
            description = "Always fails with message.",
            reads = {},
            writes = {},
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public Object fail(@Arg(required = false, description = "The error message") String message) {
        count("fail");
        throw new NonRetryableException(message == null ? "failed as asked" : message);
    }

    @ToolFunction(
            name = "legacy_tool",
            description = "A tool registered without resource information: the planner runs it alone.",
            latencyClass = LatencyClass.FAST,
            timeoutMs = 5_000)
    public Object legacyTool(@Arg(required = false, description = "Returned as is") Object value) {
        count("legacy_tool");
        return value;
    }

    private void count(String tool) {
        calls.computeIfAbsent(tool, t -> new AtomicInteger()).incrementAndGet();
    }

    private static <T> CompletableFuture<T> after(Integer delayMs, java.util.function.Supplier<T> value) {
        long delay = delayMs == null ? DEFAULT_DELAY_MS : Math.max(0, delayMs);
        if (delay == 0) {
            return CompletableFuture.completedFuture(value.get());
        }
        return CompletableFuture.supplyAsync(value, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    }
}

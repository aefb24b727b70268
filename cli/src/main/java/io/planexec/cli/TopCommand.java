package io.planexec.cli;

import io.planexec.cli.cluster.DevState;
import io.planexec.cli.top.Exposition;
import io.planexec.cli.top.Scrape;
import io.planexec.cli.top.TopFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code planexec top}: a live view of a running planexec, read from its metrics endpoints. */
@Command(
        name = "top",
        header = "Shows a running planexec live: plans/s, latency, queues and the busiest tools.",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a running planexec live, refreshed every second from the metrics endpoints of its",
            "services (GET /metrics): plans finished per second by status, plan latency p50/p99, per queue",
            "the steps released, lag, tasks buffered and running, results and queue wait, and the busiest",
            "tools with their calls, in-flight calls against caps, p99 and errors. Rates and quantiles",
            "cover the last --window. For operators without Grafana: plain ANSI, works over ssh; q or",
            "Ctrl-C quits.",
            "",
            "Without --url, reads the running 'planexec dev'. Give every planner and executor endpoint to",
            "see a whole deployment (--url http://planner-1:9400 --url http://executor-1:9400 ...).",
            "",
            "Exit codes: 0 after q or Ctrl-C (or --once), 1 no endpoint answered, 2 bad usage."
        })
final class TopCommand implements Callable<Integer> {

    private static final String CLEAR = "\033[H\033[2J";
    private static final String ALTERNATE_SCREEN = "\033[?1049h\033[?25l";
    private static final String MAIN_SCREEN = "\033[?25h\033[?1049l";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "A metrics endpoint: http://HOST:PORT or its /metrics (repeatable). Default: the running"
                    + " 'planexec dev'.")
    List<String> urls;

    @Option(
            names = "--interval",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How often to refresh (default: ${DEFAULT-VALUE}).",
            defaultValue = "1s")
    Duration interval;

    @Option(
            names = "--window",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "The span rates and quantiles cover (default: ${DEFAULT-VALUE}).",
            defaultValue = "10s")
    Duration window;

    @Option(
            names = "--once",
            description = "Print one view, over one --interval, without screen control, and exit (for scripts).")
    boolean once;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        List<URI> endpoints = endpoints();
        PrintWriter out = spec.commandLine().getOut();
        if (interval.isZero() || interval.isNegative()) {
            throw new UsageException("--interval must be positive");
        }
        Deque<Scrape> scrapes = new ArrayDeque<>();
        List<String> errors = new ArrayList<>();
        scrapes.add(scrape(endpoints, errors));
        if (errors.size() == endpoints.size()) {
            spec.commandLine().getErr().println("planexec top: no endpoint answered: " + String.join("; ", errors));
            return ExitCodes.NOT_SUCCESSFUL;
        }
        if (once || noTerminal()) {
            return plain(endpoints, scrapes, out);
        }
        return live(endpoints, scrapes);
    }

    /** Frames printed one after the other: for --once, pipes and terminals without screen control. */
    private int plain(List<URI> endpoints, Deque<Scrape> scrapes, PrintWriter out) throws InterruptedException {
        while (true) {
            Thread.sleep(interval.toMillis());
            List<String> errors = new ArrayList<>();
            scrapes.add(scrape(endpoints, errors));
            for (String line : frame(endpoints, scrapes, errors)) {
                out.println(line);
            }
            out.flush();
            if (once) {
                return ExitCodes.OK;
            }
            out.println();
        }
    }

    /** The live screen: an alternate screen redrawn every interval until q or Ctrl-C. */
    private int live(List<URI> endpoints, Deque<Scrape> scrapes) throws IOException, InterruptedException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            terminal.handle(Terminal.Signal.INT, signal -> stop.set(true));
            Attributes saved = terminal.enterRawMode();
            PrintWriter screen = terminal.writer();
            screen.print(ALTERNATE_SCREEN);
            try {
                NonBlockingReader keys = terminal.reader();
                long next = System.nanoTime();
                while (!stop.get()) {
                    next += interval.toNanos();
                    while (!stop.get()) {
                        long left = (next - System.nanoTime()) / 1_000_000;
                        if (left <= 0) {
                            break;
                        }
                        int key = keys.read(left);
                        if (key == 'q' || key == 'Q' || key == 3 || key == NonBlockingReader.EOF) {
                            stop.set(true);
                        }
                    }
                    if (stop.get()) {
                        break;
                    }
                    List<String> errors = new ArrayList<>();
                    scrapes.add(scrape(endpoints, errors));
                    int width = terminal.getSize().getColumns(); // 0 when the terminal does not say
                    int height = terminal.getSize().getRows();
                    List<String> lines = frame(endpoints, scrapes, errors);
                    if (height > 1 && lines.size() > height - 1) {
                        lines = lines.subList(0, height - 1);
                    }
                    StringBuilder text = new StringBuilder(CLEAR);
                    for (String line : lines) {
                        text.append(width > 0 && line.length() > width ? line.substring(0, width) : line)
                                .append("\r\n");
                    }
                    screen.print(text);
                    screen.flush();
                }
            } finally {
                screen.print(MAIN_SCREEN);
                screen.flush();
                terminal.setAttributes(saved);
            }
        }
        return ExitCodes.OK;
    }

    private List<String> frame(List<URI> endpoints, Deque<Scrape> scrapes, List<String> errors) {
        Scrape newest = scrapes.peekLast();
        while (scrapes.size() > 2 && newest.nanos() - scrapes.peekFirst().nanos() > window.toNanos()) {
            scrapes.removeFirst();
        }
        String source = endpoints.size() == 1 ? endpoints.get(0).getAuthority() : endpoints.size() + " endpoints";
        List<String> lines = new ArrayList<>(
                new TopFrame(scrapes.peekFirst(), newest).lines(source, LocalTime.now(ZoneId.systemDefault())));
        for (String error : errors) {
            lines.add(1, "! " + error);
        }
        return lines;
    }

    private Scrape scrape(List<URI> endpoints, List<String> errors) throws InterruptedException {
        List<Exposition.Sample> samples = new ArrayList<>();
        for (URI endpoint : endpoints) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    errors.add(endpoint + " answered " + response.statusCode());
                } else {
                    samples.addAll(Exposition.parse(response.body()));
                }
            } catch (IOException e) {
                errors.add(endpoint + " did not answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                errors.add(endpoint + " is not a Prometheus endpoint: " + e.getMessage());
            }
        }
        return new Scrape(System.nanoTime(), samples);
    }

    private List<URI> endpoints() {
        List<String> given = urls;
        if (given == null || given.isEmpty()) {
            String dev = DevState.read()
                    .map(DevState::metricsUrl)
                    .orElseThrow(() -> new UsageException("no endpoint given and no 'planexec dev' with a metrics"
                            + " endpoint is running here: pass --url http://HOST:PORT (a service started with"
                            + " --http-port)"));
            given = List.of(dev.split(",")); // 'planexec cluster' lists every service's endpoint
        }
        List<URI> endpoints = new ArrayList<>();
        for (String url : given) {
            URI uri;
            try {
                uri = URI.create(url.contains("://") ? url : "http://" + url);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--url '" + url + "' is not a URL: " + e.getMessage());
            }
            if (uri.getHost() == null || (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))) {
                throw new UsageException("--url '" + url + "' is not an http(s) URL with a host");
            }
            String path = uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath())
                    ? "/metrics"
                    : uri.getPath();
            endpoints.add(uri.resolve(path));
        }
        return endpoints;
    }

    /** Whether output goes elsewhere than a terminal (a pipe, a file): then {@code top} prints plain frames. */
    @SuppressWarnings("SystemConsoleNull") // Java 17, the baseline: null means no terminal (22+ gives a Console)
    private static boolean noTerminal() {
        return System.console() == null;
    }
}

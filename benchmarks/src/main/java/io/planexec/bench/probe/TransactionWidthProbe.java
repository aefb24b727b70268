package io.planexec.bench.probe;

import io.planexec.bench.harness.scenario.BrokerFloor;
import io.planexec.kafka.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What each partition a transaction writes adds to it: the transactional hop of {@link BrokerFloor} (a relay reads a
 * record and writes it on in a transaction with its consumed offset) with the relay also writing one record to each of
 * N further one-partition topics, as a planner pass writes its changelog and events beside its output. The widths
 * alternate within each round, so that a machine whose speed drifts touches them all alike; a first round, not reported,
 * warms the JVM and the broker up (its figures are several times those of the rounds after it).
 *
 * <pre>
 * java -cp cli/target/planexec.jar io.planexec.bench.probe.TransactionWidthProbe
 * </pre>
 *
 * System properties: {@code widths} (further partitions, default {@code 0,3,6}), {@code rounds} (6), {@code samples}
 * per width and round (400, after {@code warmup} = 100 discarded), {@code bootstrap} (an existing cluster; default: an
 * embedded broker started for the run).
 */
public final class TransactionWidthProbe {

    /**
     * The transactional hop's p50 and p99 of one width in one round.
     *
     * @param round from 1 (the warm-up round is not reported)
     * @param width the further partitions each transaction wrote
     */
    public record Row(int round, int width, long samples, double p50Ms, double p99Ms) {}

    private TransactionWidthProbe() {}

    public static void main(String[] args) throws Exception {
        List<Integer> widths = Arrays.stream(
                        System.getProperty("widths", "0,3,6").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        int rounds = Integer.getInteger("rounds", 6);
        int samples = Integer.getInteger("samples", 400);
        int warmup = Integer.getInteger("warmup", 100);
        String bootstrap = System.getProperty("bootstrap");
        if (bootstrap != null) {
            run(Map.of("bootstrap.servers", bootstrap), widths, rounds, warmup, samples, System.out);
            return;
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            run(Map.of("bootstrap.servers", kafka.bootstrapServers()), widths, rounds, warmup, samples, System.out);
        }
    }

    /**
     * Measures every width in a warm-up round and then in every round, on fresh topics deleted afterwards, printing a
     * row as each ends and, at the end, the range and mean of each width's p50 over the measured rounds.
     *
     * @return the rows of the measured rounds, in the order measured
     */
    public static List<Row> run(
            Map<String, Object> kafka, List<Integer> widths, int rounds, int warmup, int samples, PrintStream out)
            throws Exception {
        if (widths.isEmpty() || rounds < 1 || samples < 1 || warmup < 0) {
            throw new IllegalArgumentException("need at least one width, one round and one sample, got widths " + widths
                    + ", " + rounds + " rounds, " + samples + " samples, " + warmup + " warm-up");
        }
        String run = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        List<Row> rows = new ArrayList<>();
        out.printf("%-6s %-6s %10s %10s%n", "round", "width", "p50_ms", "p99_ms");
        for (int round = 0; round <= rounds; round++) {
            for (int width : widths) {
                BrokerFloor.Floors floors = BrokerFloor.measure(
                        kafka, run + "-" + round + "-" + width, warmup, samples, Duration.ZERO, width);
                Row row = new Row(
                        round,
                        width,
                        floors.transactionalHop().count(),
                        floors.transactionalHop().p50Ms(),
                        floors.transactionalHop().p99Ms());
                if (round > 0) {
                    rows.add(row);
                }
                out.printf(
                        "%-6s %-6d %10.2f %10.2f%n",
                        round == 0 ? "warm" : Integer.toString(round), row.width(), row.p50Ms(), row.p99Ms());
            }
        }
        Map<Integer, DoubleSummaryStatistics> byWidth = rows.stream()
                .collect(Collectors.groupingBy(
                        Row::width, LinkedHashMap::new, Collectors.summarizingDouble(Row::p50Ms)));
        out.println("transactional hop p50 by further partitions written, over " + rounds + " rounds:");
        byWidth.forEach((width, p50) ->
                out.printf("  %d: %.2f-%.2f ms, mean %.2f ms%n", width, p50.getMin(), p50.getMax(), p50.getAverage()));
        return rows;
    }
}

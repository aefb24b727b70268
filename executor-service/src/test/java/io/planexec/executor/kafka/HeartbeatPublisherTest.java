package io.planexec.executor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.executor.call.ManualClock;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolSelection;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.ExecutorHeartbeat;
import io.planexec.model.LatencyClass;
import io.planexec.model.ToolSpec;
import io.planexec.topics.Topics;
import io.planexec.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class HeartbeatPublisherTest {

    private static final Topics TOPICS = new Topics("px");
    private static final WireFormat WIRE = new WireFormat();
    private static final Instant START = Instant.parse("2026-01-31T12:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final Toolbox toolbox = new Toolbox()
            .register(Tool.sync(ToolSpec.builder("put_note").build(), (args, ctx) -> "ok"))
            .register(Tool.sync(
                    ToolSpec.builder("render").latencyClass(LatencyClass.SLOW).build(), (args, ctx) -> "ok"));
    private final HeartbeatPublisher heartbeats = new HeartbeatPublisher(
            producer,
            TOPICS,
            WIRE,
            new ToolSelection(toolbox, Set.of(LatencyClass.values()), Set.of(), "notes"),
            "notes-1",
            10_000,
            clock);

    @Test
    void shouldSayWhatItServesWhenItStartsAndEveryBeatAfter() throws Exception {
        // When the executor starts, then beats 10 s later
        heartbeats.start(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        heartbeats.beat();

        // Then each record, keyed by its instance, names its queue and tools and when it was seen
        List<ExecutorHeartbeat> beats = beats();
        assertThat(beats).hasSize(2).allSatisfy(b -> {
            assertThat(b.instance()).isEqualTo("notes-1");
            assertThat(b.queues()).containsExactly("notes");
            assertThat(b.tools()).containsExactly("put_note", "render");
            assertThat(b.startedAt()).isEqualTo(START);
            assertThat(b.intervalMs()).isEqualTo(10_000);
            assertThat(b.stoppedAt()).isNull();
        });
        assertThat(beats).extracting(ExecutorHeartbeat::seenAt).containsExactly(START, START.plusSeconds(10));
        assertThat(producer.history()).extracting(ProducerRecord::key).containsOnly("notes-1");
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("px.executors");
    }

    @Test
    void shouldNeverThrowFromABeatSoThatTheScheduleGoesOn() throws Exception {
        // Given a producer whose sends throw (its buffer full, no metadata in time)
        heartbeats.start(Duration.ofSeconds(1));
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata within 60000 ms");

        // When the executor beats, then beats again once the producer recovered
        clock.advance(Duration.ofSeconds(10));
        org.assertj.core.api.Assertions.assertThatCode(heartbeats::beat).doesNotThrowAnyException();
        producer.sendException = null;
        clock.advance(Duration.ofSeconds(10));
        heartbeats.beat();

        // Then the failed beat is lost and the next one is published
        assertThat(beats()).extracting(ExecutorHeartbeat::seenAt).containsExactly(START, START.plusSeconds(20));
    }

    @Test
    void shouldFollowTheToolboxAndSayWhenItStopped() throws Exception {
        heartbeats.start(Duration.ofSeconds(1));

        // When a tool is removed and the executor stops a minute later
        toolbox.remove("render");
        clock.advance(Duration.ofMinutes(1));
        heartbeats.stop(Duration.ofSeconds(1));

        // Then its last record says so: it no longer counts as running
        ExecutorHeartbeat last = beats().get(1);
        assertThat(last.tools()).containsExactly("put_note");
        assertThat(last.stoppedAt()).isEqualTo(START.plusSeconds(60));
        assertThat(last.liveAt(START.plusSeconds(61))).isFalse();
    }

    private List<ExecutorHeartbeat> beats() {
        return producer.history().stream()
                .map(r -> WIRE.readExecutorHeartbeat(r.value()))
                .toList();
    }
}

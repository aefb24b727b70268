package io.planexec.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire's own instant codec must read and write exactly what the JDK's {@link Instant} does. */
class InstantsTest {

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, the range of the short path. */
    private static final long MIN = -62_167_219_200L;

    private static final long MAX = 253_402_300_800L;

    @Test
    void shouldWriteWhatInstantToStringWrites() {
        Random random = new Random(20261202);
        for (int i = 0; i < 200_000; i++) {
            long seconds = MIN - 1_000_000 + (long) (random.nextDouble() * (MAX - MIN + 2_000_000));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(Instants.format(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : List.of(
                Instant.EPOCH,
                Instant.ofEpochSecond(MIN),
                Instant.ofEpochSecond(MIN - 1, 999_999_999),
                Instant.ofEpochSecond(MAX - 1, 999_999_999),
                Instant.ofEpochSecond(MAX),
                Instant.ofEpochMilli(-1),
                Instant.MIN,
                Instant.MAX)) {
            assertThat(Instants.format(edge)).isEqualTo(edge.toString());
        }
    }

    @Test
    void shouldReadBackEveryInstantItWrites() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    MIN - 1_000 + (long) (random.nextDouble() * (MAX - MIN + 2_000)), random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(Instants.parse(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void shouldReadEveryFractionLengthAndEveryOtherFormAsTheJdkDoes() {
        List<String> accepted = List.of(
                "2026-01-31T12:00:00Z",
                "2026-01-31T12:00:00.Z",
                "2026-01-31T12:00:00.1Z",
                "2026-01-31T12:00:00.12Z",
                "2026-01-31T12:00:00.123Z",
                "2026-01-31T12:00:00.1234Z",
                "2026-01-31T12:00:00.12345Z",
                "2026-01-31T12:00:00.123456Z",
                "2026-01-31T12:00:00.1234567Z",
                "2026-01-31T12:00:00.12345678Z",
                "2026-01-31T12:00:00.123456789Z",
                "2024-02-29T23:59:59.999999999Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59Z",
                "2026-01-31t12:00:00z",
                "2026-01-31T12:00:00+01:00",
                "2026-01-31T12:00:00.5-02:30",
                "2026-06-30T23:59:60Z");
        for (String text : accepted) {
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void shouldRejectWhatTheJdkRejectsWithItsError() {
        List<String> rejected = List.of(
                "",
                "2026-01-31",
                "2026-01-31T12:00Z",
                "2026-01-31T12:00:00",
                "2026-01-31T12:00:00.1234567891Z",
                "2026-02-30T12:00:00Z",
                "2025-02-29T12:00:00Z",
                "2026-13-01T12:00:00Z",
                "2026-00-01T12:00:00Z",
                "2026-01-00T12:00:00Z",
                "2026-01-31T25:00:00Z",
                "2026-01-31T12:60:00Z",
                "2026-01-31T12:00:61Z",
                "2026-01-31 12:00:00Z",
                "2026/01/31T12:00:00Z",
                "2026-01-31T12:00:0xZ",
                "2026-01-31T12:00:00.12a4Z",
                "２０２６-01-31T12:00:00Z");
        for (String text : rejected) {
            assertThatThrownBy(() -> Instant.parse(text), "the JDK rejects %s", text)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
            assertThatThrownBy(() -> Instants.parse(text))
                    .as(text)
                    .isInstanceOf(DateTimeParseException.class)
                    .hasMessage(messageOf(text));
        }
    }

    private static String messageOf(String text) {
        try {
            Instant.parse(text);
            throw new AssertionError("accepted: " + text);
        } catch (DateTimeParseException e) {
            return e.getMessage();
        }
    }
}

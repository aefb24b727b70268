package io.planexec.planner.state;

import io.planexec.model.PlanStatus;
import io.planexec.model.StepStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The binary encoding of {@link StepState} and {@link PlanRecord} in the state stores: a format version byte, then
 * fixed fields. Small on purpose: these entries are rewritten as a plan runs, and every write goes to a changelog.
 * Stored results are deflated.
 */
public final class StateCodec {

    /**
     * The format of step states this planner writes: 2 adds a skipped step's root cause. It also reads 1, written by
     * earlier planners, so plans running across an upgrade go on.
     */
    static final byte VERSION = 2;

    /**
     * The format of plan records this planner writes: 2 adds a running plan's further reply topics. It also reads 1,
     * written by earlier planners, so plans running across an upgrade go on.
     */
    static final byte PLAN_VERSION = 2;

    private static final byte ACTIVE = 'A';
    private static final byte FINISHED = 'F';
    private static final byte FINISHED_IN_PARTS = 'R';

    /**
     * The largest deflated result stored in the plan's own entry; a larger one is stored in parts of this size under
     * {@link StateKeys#resultPart}, so that no changelog record comes near the broker's 1 MiB limit.
     */
    public static final int RESULT_PART_BYTES = 512 * 1024;

    private StateCodec() {}

    public static byte[] writeStep(StepState s) {
        return write(out -> {
            out.writeByte(VERSION);
            writeString(out, s.status().name());
            out.writeInt(s.release());
            out.writeInt(s.waiting());
            out.writeLong(s.readyAtMs());
            out.writeLong(s.startedAtMs());
            out.writeLong(s.finishedAtMs());
            out.writeInt(s.attempts());
            writeString(out, s.executor());
            writeString(out, s.error());
            writeString(out, s.outputJson());
            out.writeLong(s.unknownAtMs());
            writeString(out, s.cause());
        });
    }

    public static StepState readStep(byte[] bytes) {
        return read(bytes, "step state", in -> {
            byte version = in.readByte();
            if (version != 1 && version != VERSION) {
                throw new IOException("step state format " + version + " is not supported (this planner reads 1 and "
                        + VERSION + ")");
            }
            StepStatus status = StepStatus.valueOf(readString(in));
            int release = in.readInt();
            int waiting = in.readInt();
            long readyAt = in.readLong();
            long startedAt = in.readLong();
            long finishedAt = in.readLong();
            int attempts = in.readInt();
            String executor = readString(in);
            String error = readString(in);
            String output = readString(in);
            long unknownAt = in.readLong();
            String cause = version >= 2 ? readString(in) : null;
            return new StepState(
                    status,
                    release,
                    waiting,
                    readyAt,
                    startedAt,
                    finishedAt,
                    attempts,
                    executor,
                    error,
                    output,
                    unknownAt,
                    cause);
        });
    }

    /**
     * A running plan's record, or a finished plan's record with its result inside (deflated). A finished plan whose
     * deflated result is larger than {@link #RESULT_PART_BYTES} is written with {@link #writeFinishedInParts}.
     */
    public static byte[] writePlan(PlanRecord record) {
        if (record instanceof PlanRecord.Finished f) {
            return writeFinished(f, Compression.deflate(f.result()));
        }
        PlanRecord.Active a = (PlanRecord.Active) record;
        return write(out -> {
            out.writeByte(PLAN_VERSION);
            out.writeByte(ACTIVE);
            out.writeLong(a.acceptedAtMs());
            out.writeLong(a.deadlineMs());
            out.writeInt(a.stepCount());
            out.writeInt(a.unfinished());
            out.writeInt(a.succeeded());
            writeString(out, a.cancelReason());
            out.writeByte(a.alsoReplyTo().size());
            for (String topic : a.alsoReplyTo()) {
                writeString(out, topic);
            }
        });
    }

    /** The deflated result of a finished plan, for {@link #writeFinished} or to be stored in parts. */
    public static byte[] deflateResult(PlanRecord.Finished f) {
        return Compression.deflate(f.result());
    }

    /** A finished plan's record with its deflated result inside. */
    public static byte[] writeFinished(PlanRecord.Finished f, byte[] deflated) {
        return write(out -> {
            writeFinishedFields(out, FINISHED, f);
            out.writeInt(deflated.length);
            out.write(deflated);
        });
    }

    /** A finished plan's record whose deflated result is stored in {@code parts} entries of its own. */
    public static byte[] writeFinishedInParts(PlanRecord.Finished f, int parts) {
        return write(out -> {
            writeFinishedFields(out, FINISHED_IN_PARTS, f);
            out.writeInt(parts);
        });
    }

    private static void writeFinishedFields(DataOutputStream out, byte kind, PlanRecord.Finished f) throws IOException {
        out.writeByte(PLAN_VERSION);
        out.writeByte(kind);
        writeString(out, f.status().name());
        out.writeLong(f.finishedAtMs());
        out.writeLong(f.purgeAtMs());
        writeString(out, f.replyTopic());
        writeString(out, f.requestDigest());
    }

    /** How many parts the result of a finished plan's record is stored in: 0 when it is inside the record. */
    public static int resultParts(byte[] planRecord) {
        return read(planRecord, "plan record", in -> {
            in.readByte();
            if (in.readByte() != FINISHED_IN_PARTS) {
                return 0;
            }
            readString(in);
            in.readLong();
            in.readLong();
            readString(in);
            readString(in);
            return in.readInt();
        });
    }

    /** Reads a plan record whose result, if stored in parts, is read with {@code part}. */
    public static PlanRecord readPlan(byte[] bytes, IntFunction<byte[]> part) {
        return read(bytes, "plan record", in -> readPlan(in, part));
    }

    /** Reads a plan record whose result is inside it (not in parts). */
    public static PlanRecord readPlan(byte[] bytes) {
        return readPlan(bytes, n -> {
            throw new IllegalStateException("the record's result is stored in parts");
        });
    }

    private static PlanRecord readPlan(DataInputStream in, IntFunction<byte[]> part) throws IOException {
        byte version = in.readByte();
        if (version != 1 && version != PLAN_VERSION) {
            throw new IOException("plan record format " + version + " is not supported (this planner reads 1 and "
                    + PLAN_VERSION + ")");
        }
        byte kind = in.readByte();
        if (kind == ACTIVE) {
            long acceptedAt = in.readLong();
            long deadline = in.readLong();
            int steps = in.readInt();
            int unfinished = in.readInt();
            int succeeded = in.readInt();
            String cancelReason = readString(in);
            List<String> alsoReplyTo = new ArrayList<>();
            if (version >= 2) {
                int count = in.readUnsignedByte();
                for (int i = 0; i < count; i++) {
                    alsoReplyTo.add(readString(in));
                }
            }
            return new PlanRecord.Active(acceptedAt, deadline, steps, unfinished, succeeded, cancelReason, alsoReplyTo);
        }
        if (kind == FINISHED || kind == FINISHED_IN_PARTS) {
            PlanStatus status = PlanStatus.valueOf(readString(in));
            long finishedAt = in.readLong();
            long purgeAt = in.readLong();
            String topic = readString(in);
            String digest = readString(in);
            byte[] compressed;
            if (kind == FINISHED) {
                int length = in.readInt();
                compressed = in.readNBytes(length);
                if (compressed.length != length) {
                    throw new IOException("stored result truncated");
                }
            } else {
                int parts = in.readInt();
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                for (int n = 0; n < parts; n++) {
                    byte[] p = part.apply(n);
                    if (p == null) {
                        throw new IOException("part " + n + " of " + parts + " of the stored result is missing");
                    }
                    joined.write(p);
                }
                compressed = joined.toByteArray();
            }
            byte[] result = Compression.inflate(compressed, 0, compressed.length, "stored plan result");
            return new PlanRecord.Finished(status, finishedAt, purgeAt, topic, result, digest);
        }
        throw new IOException("unknown plan record kind " + kind);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, String what, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("unreadable " + what + " in the state store: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = in.readNBytes(length);
        if (utf8.length != length) {
            throw new IOException("string truncated");
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}

package io.planexec.planner.state;

import io.planexec.model.PlanStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry per plan id in the {@code plan-state} store: a small header while the plan runs, and only its final result
 * once it has finished (kept for the retention period so a resubmitted plan id gets the same result again).
 *
 * <pre>
 *   (none) ──accept──▶ Active ──finish──▶ Finished ──retention ends──▶ (none)
 *   (none) ──reject──────────────────────▶ Finished
 * </pre>
 */
public sealed interface PlanRecord permits PlanRecord.Active, PlanRecord.Finished {

    /**
     * A running plan.
     *
     * @param acceptedAtMs when it was accepted (also the identity of this run: the key of its cached definition)
     * @param deadlineMs when it must have finished
     * @param stepCount its number of steps
     * @param unfinished how many steps have not ended yet
     * @param succeeded how many steps succeeded
     * @param cancelReason why it was cancelled, or {@code null} while it is not
     * @param alsoReplyTo the {@code reply_to} topics of resubmissions that arrived while it ran, in arrival order, at
     *     most {@link #MAX_ALSO_REPLY_TO}: its result is delivered there too
     */
    record Active(
            long acceptedAtMs,
            long deadlineMs,
            int stepCount,
            int unfinished,
            int succeeded,
            String cancelReason,
            List<String> alsoReplyTo)
            implements PlanRecord {

        /** The most reply topics a running plan records from resubmissions. */
        public static final int MAX_ALSO_REPLY_TO = 8;

        public Active {
            if (stepCount < 1 || unfinished < 0 || unfinished > stepCount || succeeded < 0 || succeeded > stepCount) {
                throw new IllegalArgumentException("inconsistent plan counters: steps " + stepCount + ", unfinished "
                        + unfinished + ", succeeded " + succeeded);
            }
            alsoReplyTo = List.copyOf(alsoReplyTo);
            if (alsoReplyTo.size() > MAX_ALSO_REPLY_TO) {
                throw new IllegalArgumentException(
                        "at most " + MAX_ALSO_REPLY_TO + " further reply topics, got " + alsoReplyTo.size());
            }
        }

        /** A plan just accepted. */
        public Active(long acceptedAtMs, long deadlineMs, int stepCount) {
            this(acceptedAtMs, deadlineMs, stepCount, stepCount, 0, null, List.of());
        }

        public boolean isCancelled() {
            return cancelReason != null;
        }

        /** One more step ended. */
        public Active stepEnded(boolean success) {
            return new Active(
                    acceptedAtMs,
                    deadlineMs,
                    stepCount,
                    unfinished - 1,
                    succeeded + (success ? 1 : 0),
                    cancelReason,
                    alsoReplyTo);
        }

        public Active cancelled(String reason) {
            return new Active(acceptedAtMs, deadlineMs, stepCount, unfinished, succeeded, reason, alsoReplyTo);
        }

        /** Whether another reply topic can be recorded. */
        public boolean canAddReplyTo() {
            return alsoReplyTo.size() < MAX_ALSO_REPLY_TO;
        }

        /** With one more reply topic (the caller checks {@link #canAddReplyTo()} and duplicates). */
        public Active withReplyTo(String topic) {
            List<String> topics = new ArrayList<>(alsoReplyTo);
            topics.add(topic);
            return new Active(acceptedAtMs, deadlineMs, stepCount, unfinished, succeeded, cancelReason, topics);
        }
    }

    /**
     * A plan that has ended (or a request that was rejected).
     *
     * @param status its final status
     * @param finishedAtMs when its result was sent
     * @param purgeAtMs when this entry is deleted
     * @param replyTopic where its result was sent
     * @param result the PlanResult as sent (wire format JSON)
     * @param requestDigest for a rejected request: the digest of its bytes (a different request under the same plan id
     *     is planned afresh); {@code null} otherwise
     */
    @SuppressWarnings("ArrayRecordComponent") // the stored bytes, written as they are; never compared or hashed
    record Finished(
            PlanStatus status,
            long finishedAtMs,
            long purgeAtMs,
            String replyTopic,
            byte[] result,
            String requestDigest)
            implements PlanRecord {

        public Finished {
            if (status == null || !status.isTerminal() || replyTopic == null || result == null) {
                throw new IllegalArgumentException("a finished plan needs a terminal status, a topic and a result");
            }
        }

        public boolean isRejected() {
            return status == PlanStatus.REJECTED;
        }
    }
}

package dev.xlake.submit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records submitted steps instead of starting them. Can fail the next calls (before or after
 * adding the step), and can run a hook inside {@link #submit} (e.g. to hold a submission open
 * while other deliveries arrive).
 */
public class FakeStepSubmitter implements StepSubmitter {

    /** A step this fake accepted, with its id. */
    public record Submitted(String stepId, ConvertStep step) {}

    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failuresToThrow = new AtomicInteger();
    private final AtomicInteger unknownOutcomesToThrow = new AtomicInteger();
    private volatile Runnable duringSubmit = () -> {};
    private volatile boolean visibleToFind = true;

    @Override
    public String submit(ConvertStep step, Instant deadline) {
        int call = calls.incrementAndGet();
        duringSubmit.run();
        if (failuresToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StepSubmissionException("fake EMR refused call " + call, null);
        }
        String stepId = "s-FAKE" + call;
        submitted.add(new Submitted(stepId, step));
        if (unknownOutcomesToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StepOutcomeUnknownException(
                    "fake EMR added step " + stepId + " but call " + call + " failed with a 500", null);
        }
        return stepId;
    }

    @Override
    public Optional<String> findSubmitted(ConvertStep step) {
        if (!visibleToFind) {
            return Optional.empty();
        }
        return submitted.stream()
                .filter(s -> s.step().name().equals(step.name()))
                .map(Submitted::stepId)
                .findFirst();
    }

    public FakeStepSubmitter failNext(int count) {
        failuresToThrow.set(count);
        return this;
    }

    /** The next calls add their step but answer as if EMR failed with a 5xx nobody could check. */
    public FakeStepSubmitter addButFailWithUnknownOutcome(int count) {
        unknownOutcomesToThrow.set(count);
        return this;
    }

    public FakeStepSubmitter duringSubmit(Runnable hook) {
        this.duringSubmit = hook;
        return this;
    }

    /** Pretends the platform cannot list its steps (as {@code xlake local} cannot). */
    public FakeStepSubmitter invisibleToFind() {
        this.visibleToFind = false;
        return this;
    }

    public List<Submitted> submitted() {
        return List.copyOf(submitted);
    }

    public int calls() {
        return calls.get();
    }
}

package dev.xlake.submit;

import dev.xlake.submit.SubmitOutcome.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delivers the same event from several threads at once. The delivery that wins the claim is held
 * inside its submission until every other delivery has answered, so they all meet a claim that
 * exists but has no step id yet: the window a real duplicate delivery would hit.
 */
public final class ConcurrentDeliveries {

    private static final long TIMEOUT_SECONDS = 30;

    private ConcurrentDeliveries() {}

    public static List<SubmitOutcome> deliverAtOnce(
            int deliveries, FakeStepSubmitter submitter, Supplier<SubmitOutcome> delivery) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch othersAnswered = new CountDownLatch(deliveries - 1);
        submitter.duringSubmit(() -> await(othersAnswered));
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<SubmitOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                futures.add(pool.submit(() -> {
                    await(start);
                    SubmitOutcome outcome = delivery.get();
                    if (outcome.status() != Status.SUBMITTED) {
                        othersAnswered.countDown();
                    }
                    return outcome;
                }));
            }
            start.countDown();
            List<SubmitOutcome> outcomes = new ArrayList<>();
            for (Future<SubmitOutcome> future : futures) {
                outcomes.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            submitter.duringSubmit(() -> {});
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Cannot go on: latch not released within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cannot go on: interrupted", e);
        }
    }
}

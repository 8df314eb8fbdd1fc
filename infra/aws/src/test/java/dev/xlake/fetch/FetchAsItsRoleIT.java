package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.infra.StackRoles;
import dev.xlake.infra.StackRoles.Role;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.S3ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every fetch scenario ({@link FetchScenarios}: resumed runs, killed invocations, 429s, expired
 * checkpoints) on the embedded S3, with the function's S3 requests held to the IAM policy the
 * synthesized stack gives the fetch role. The test's own reads of the lake stay unchecked.
 */
class FetchAsItsRoleIT extends FetchScenarios {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    @RegisterExtension
    final StackRoles roles = StackRoles.ofDefaultStack();

    FetchAsItsRoleIT() {
        super(S3);
    }

    @Override
    @BeforeEach
    void start() {
        super.start();
        store = new S3ObjectStore(roles.s3As(Role.FETCH, s3, bucket), bucket);
    }

    /**
     * Without reserved concurrency (the default, issue 16 finding 3) two ticks can overlap: the
     * checkpoint's conditional writes must then let only one of them advance the query.
     */
    @Test
    void shouldKeepTheLakeExactWhenTwoPollersOverlapWithoutReservedConcurrency() throws Exception {
        // Given two pollers released at the same moment on the same query
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<QuerySummary>> pollers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                FetchService poller = service(store, TOKEN, 20, KPOP);
                pollers.add(pool.submit(() -> {
                    go.await();
                    return poller.runOnce(budget(Duration.ofMinutes(10)))
                            .queries()
                            .get(0);
                }));
            }

            // When they run, and a later tick follows
            go.countDown();
            List<QuerySummary> overlapping = new ArrayList<>();
            for (Future<QuerySummary> poller : pollers) {
                overlapping.add(poller.get(60, TimeUnit.SECONDS));
            }
            fetch(KPOP);

            // Then one of them advanced the query (a loser fails on its first conflicting
            // checkpoint write instead of overwriting it), and the lake holds every tweet once
            assertThat(overlapping).anyMatch(QuerySummary::ok);
            assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.xlake.compliance;

import dev.xlake.core.compliance.ComplianceEvent;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.ComplianceResults;
import dev.xlake.core.time.Backoff;
import dev.xlake.core.time.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the compliance jobs for one type of ids: split into chunks of at most the per-job limit,
 * one job after the other (X allows one active job per type), each created, uploaded to at once
 * (its upload URL lives 15 minutes), polled with backoff until it ends, and its result read.
 *
 * <p>A job that ends {@code failed} or {@code expired}, or does not end within the wait limit,
 * stops the whole run with a {@link ComplianceException}: the caller then changes no table, and
 * the next pass asks again for everything.
 */
public final class ComplianceJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceJobRunner.class);
    /**
     * Polls wait 1 s, 2 s, 4 s, … up to 30 s: X suggests polling every 30-60 seconds; the first polls
     * are quicker for small jobs.
     */
    static final Backoff POLLS = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** What the jobs of one type reported, and the jobs for the pass record. */
    public record Outcome(List<ComplianceEvent> events, List<CompliancePass.Job> jobs) {}

    private final ComplianceJobClient client;
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final int maxIdsPerJob;
    private final Duration maxWait;

    public ComplianceJobRunner(
            ComplianceJobClient client, Sleeper sleeper, InstantSource clock, int maxIdsPerJob, Duration maxWait) {
        if (maxIdsPerJob < 1) {
            throw new IllegalArgumentException("Cannot put " + maxIdsPerJob + " ids in a compliance job");
        }
        this.client = client;
        this.sleeper = sleeper;
        this.clock = clock;
        this.maxIdsPerJob = maxIdsPerJob;
        this.maxWait = maxWait;
    }

    /** Runs the jobs for {@code ids} of {@code type} ({@code tweets} or {@code users}); named after the pass. */
    public Outcome run(String type, List<String> ids, String passId) throws IOException, InterruptedException {
        List<ComplianceEvent> events = new ArrayList<>();
        List<CompliancePass.Job> jobs = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += maxIdsPerJob) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + maxIdsPerJob));
            String name = "xlake-" + passId + "-" + type + "-" + (jobs.size() + 1);
            ComplianceJob job = client.create(type, name);
            client.upload(job, chunk);
            LOG.info("Compliance job {} ({}): {} ids uploaded", job.id(), type, chunk.size());
            ComplianceJob ended = await(job);
            if (!"complete".equals(ended.status())) {
                throw new ComplianceException("Cannot use compliance job " + job.id() + " (" + type + "): it ended "
                        + ended.status() + "; no table was changed, the next pass asks again");
            }
            ComplianceResults.Parsed parsed = ComplianceResults.parse(job.id(), client.download(job));
            events.addAll(parsed.events());
            jobs.add(new CompliancePass.Job(
                    job.id(),
                    type,
                    ended.status(),
                    chunk.size(),
                    parsed.events().size(),
                    parsed.errors()));
            LOG.info(
                    "Compliance job {} ({}): {} events, {} invalid ids",
                    job.id(),
                    type,
                    parsed.events().size(),
                    parsed.errors());
        }
        return new Outcome(List.copyOf(events), List.copyOf(jobs));
    }

    private ComplianceJob await(ComplianceJob job) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(maxWait);
        ComplianceJob current = job;
        for (int poll = 1; ; poll++) {
            current = client.status(job.id());
            if (!current.isRunning()) {
                return current;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new ComplianceException("Cannot finish compliance job " + job.id() + ": still " + current.status()
                        + " after " + maxWait + "; no table was changed, the next pass asks again");
            }
            sleeper.sleep(POLLS.delay(poll));
        }
    }
}

package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** How the tables maintained side by side end: every report in order, or the first failure. */
class LakeMaintenanceReportsTest {

    @Test
    void shouldKeepTheTablesOrderWhateverOrderTheyFinishIn() {
        CompletableFuture<LakeMaintenance.TableReport> first = new CompletableFuture<>();
        CompletableFuture<LakeMaintenance.TableReport> second = CompletableFuture.completedFuture(report("b"));
        CompletableFuture.runAsync(() -> first.complete(report("a")));

        assertThat(LakeMaintenance.reportsOf(List.of(first, second)))
                .extracting(LakeMaintenance.TableReport::table)
                .containsExactly("a", "b");
    }

    @Test
    void shouldThrowTheFirstTablesFailureOnlyOnceTheOthersHaveFinished() throws Exception {
        // Given the second table fails at once, the third after the third table's latch opens
        CountDownLatch thirdMayFinish = new CountDownLatch(1);
        Future<LakeMaintenance.TableReport> third = CompletableFuture.supplyAsync(() -> {
            await(thirdMayFinish);
            return report("c");
        });
        List<Future<LakeMaintenance.TableReport>> running = List.of(
                CompletableFuture.completedFuture(report("a")),
                CompletableFuture.failedFuture(new ConvertException("Cannot compact xlake.users: disk full")),
                third,
                CompletableFuture.failedFuture(new ConvertException("Cannot compact xlake.media: later failure")));

        // When the reports are collected (the third table still running)
        CompletableFuture<Throwable> collected = CompletableFuture.supplyAsync(() -> {
            try {
                LakeMaintenance.reportsOf(running);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread.sleep(50);
        assertThat(collected).isNotDone();
        thirdMayFinish.countDown();

        // Then the first failure, in the tables' order, is what is thrown, after the third finished
        assertThat(collected.get())
                .isInstanceOf(ConvertException.class)
                .hasMessage("Cannot compact xlake.users: disk full");
        assertThat(third).isDone();
    }

    @Test
    void shouldNameACheckedFailureInOneLine() {
        List<Future<LakeMaintenance.TableReport>> running =
                List.of(CompletableFuture.failedFuture(new IOException("connection reset")));

        assertThatThrownBy(() -> LakeMaintenance.reportsOf(running))
                .isInstanceOf(ConvertException.class)
                .hasMessageStartingWith("Cannot maintain the lake: ")
                .hasMessageContaining("connection reset");
    }

    private static LakeMaintenance.TableReport report(String table) {
        return new LakeMaintenance.TableReport(table, 2, 1, 1, 0, 3, 3, 0, table + "/metadata/00003.metadata.json");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.emulator.FaultPlan.Fault;
import dev.xlake.emulator.FaultPlan.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultPlanTest {

    static List<Optional<Fault>> take(FaultPlan plan, int requests) {
        List<Optional<Fault>> faults = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            faults.add(plan.next(false));
        }
        return faults;
    }

    @Test
    void shouldParseTheSpecIntoAQueueInOrder() {
        FaultPlan plan = FaultPlan.parse("503x3, 429=30s,truncated,malformed,slow=2s,disconnect,500");

        assertThat(plan.pending()).isEqualTo(9);
        assertThat(take(plan, 10))
                .containsExactly(
                        Optional.of(Fault.serverError(503)),
                        Optional.of(Fault.serverError(503)),
                        Optional.of(Fault.serverError(503)),
                        Optional.of(Fault.rateLimited(Duration.ofSeconds(30))),
                        Optional.of(Fault.of(Kind.TRUNCATED)),
                        Optional.of(Fault.of(Kind.MALFORMED)),
                        Optional.of(Fault.slow(Duration.ofSeconds(2))),
                        Optional.of(Fault.of(Kind.DISCONNECT)),
                        Optional.of(Fault.serverError(500)),
                        Optional.empty());
    }

    @Test
    void shouldParseDurationsCountsAndForever() {
        assertThat(take(FaultPlan.parse("slow=250msx2"), 3))
                .containsExactly(
                        Optional.of(Fault.slow(Duration.ofMillis(250))),
                        Optional.of(Fault.slow(Duration.ofMillis(250))),
                        Optional.empty());
        assertThat(take(FaultPlan.parse("429"), 1))
                .containsExactly(Optional.of(Fault.rateLimited(Duration.ofSeconds(60))));
        assertThat(take(FaultPlan.parse("slow=PT1M"), 1))
                .containsExactly(Optional.of(Fault.slow(Duration.ofMinutes(1))));
        assertThat(take(FaultPlan.parse("503x*"), 50))
                .allSatisfy(f -> assertThat(f).contains(Fault.serverError(503)));
        assertThat(FaultPlan.parse("").pending()).isZero();
        assertThat(FaultPlan.parse("none").pending()).isZero();
    }

    @Test
    void shouldApplyBadTokenOnlyToRequestsThatCarryOne() {
        FaultPlan plan = FaultPlan.parse("badtoken");

        assertThat(plan.next(false)).isEmpty();
        assertThat(plan.next(true)).contains(Fault.of(Kind.BAD_TOKEN));
        assertThat(plan.next(true)).isEmpty();
    }

    @Test
    void shouldDrawRandomFaultsReproduciblyAtTheGivenRate() {
        List<Optional<Fault>> first = take(FaultPlan.parse("random=0.2/9"), 2_000);
        List<Optional<Fault>> second = take(FaultPlan.none().random(0.2, 9), 2_000);

        assertThat(first).isEqualTo(second);
        long faults = first.stream().filter(Optional::isPresent).count();
        assertThat(faults).isBetween(330L, 470L);
        assertThat(first.stream().flatMap(Optional::stream).map(Fault::kind).distinct())
                .hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldServeQueuedFaultsBeforeRandomOnes() {
        FaultPlan plan = FaultPlan.parse("random=1/3,503");

        assertThat(plan.next(false)).contains(Fault.serverError(503));
        assertThat(plan.next(false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "teapot",
                "418",
                "503x",
                "slow",
                "slow=fast",
                "random",
                "random=2",
                "random=x",
                "429=10y",
                "503x0"
            })
    void shouldRejectBadSpecsNamingThePart(String spec) {
        assertThatThrownBy(() -> FaultPlan.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot");
    }
}

package dev.xlake.core.bench;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;

/**
 * What a cold-start invoker measures in its fresh JVM: the handler's construction, a first (cold)
 * and a second (warm, same work) invocation. Copied beside the Lambda jar with the invoker.
 */
public final class InvocationTimer {

    private final long jvmStartToMainMillis =
            System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    private final long mainStart = System.nanoTime();
    private long initDone;
    private long firstDone;

    /** A Lambda context with a minute left and a fixed request id. */
    public static Context context() {
        long deadline = System.currentTimeMillis() + 60_000;
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) (deadline - System.currentTimeMillis());
                    case "getAwsRequestId" -> "bench";
                    default -> null;
                });
    }

    public void constructed() {
        initDone = System.nanoTime();
    }

    public void firstInvocationDone() {
        firstDone = System.nanoTime();
    }

    /** Prints the {@code BENCH} line {@link FreshJvmBench} reads; {@code secondStart} excludes set-up between the two. */
    public void secondInvocationDone(long secondStart) {
        long secondDone = System.nanoTime();
        System.out.printf(
                "BENCH jvm_to_main_ms=%d init_ms=%d first_invoke_ms=%d second_invoke_ms=%d "
                        + "jvm_to_first_done_ms=%d%n",
                jvmStartToMainMillis,
                (initDone - mainStart) / 1_000_000,
                (firstDone - initDone) / 1_000_000,
                (secondDone - secondStart) / 1_000_000,
                jvmStartToMainMillis + (firstDone - mainStart) / 1_000_000);
    }
}

package dev.tcpspec.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A companion to {@link LifecycleBenchmark} for shared machines: the same batches of lifecycles, timed by the CPU
 * time of the thread that runs them instead of the wall clock, so other processes competing for the cores do not
 * lower the figure. JMH's wall-clock throughput stays the primary measurement; this one says what one core does when
 * it is not shared. (GC and JIT threads are not counted; run it with {@code -XX:+UseSerialGC} to keep collections
 * cheap and visible in the wall-clock column.)
 *
 * <pre>java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.tcpspec.benchmarks.LifecycleCpuTime linux true</pre>
 */
public final class LifecycleCpuTime {
    private LifecycleCpuTime() {
    }

    public static void main(String[] args) {
        LifecycleBenchmark b = new LifecycleBenchmark();
        b.profile = args.length > 0 ? args[0] : "linux";
        b.trace = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int batches = 20;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < batches; i++) b.lifecycles();
            double n = (double) batches * LifecycleBenchmark.BATCH;
            double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf(Locale.ROOT, "round %2d, profile %s, trace %s: %,.0f lifecycles per CPU-second, "
                    + "%,.0f per wall-clock second%n", r + 1, b.profile, b.trace, n / cpuSeconds, n / wallSeconds);
        }
    }
}

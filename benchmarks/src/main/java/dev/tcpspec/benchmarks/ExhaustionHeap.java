package dev.tcpspec.benchmarks;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.Catalog;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * A companion to {@link ExhaustionBenchmark} that measures heap rather than time: runs TW-10 (or the spec named in the
 * first argument) under the linux profile a few times and prints, for each run, the live heap after a full GC while
 * the result and its trace are still held, and the peak use of the heap pools during the run. Run it with the heap
 * the target allows, so that a run that did not fit would fail:
 *
 * <pre>java -Xmx256m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar dev.tcpspec.benchmarks.ExhaustionHeap</pre>
 */
public final class ExhaustionHeap {
    private ExhaustionHeap() {
    }

    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "TW-10";
        var spec = Catalog.all().get(id);
        for (int run = 1; run <= 5; run++) {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
            long start = System.nanoTime();
            SpecResult r = SpecRunner.run(spec, Stacks.simulated(), RunOptions.defaults().withProfile(Profile.linux()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long live = rt.totalMemory() - rt.freeMemory();
            System.out.printf(Locale.ROOT, "run %d: %s %s in %d ms, %,d trace events; live heap holding the result "
                            + "%d MB, peak heap pools during the run %d MB (max heap %d MB)%n", run, id, r.verdict(),
                    millis, r.trace().events().size(), live >> 20, peak >> 20, rt.maxMemory() >> 20);
        }
    }
}

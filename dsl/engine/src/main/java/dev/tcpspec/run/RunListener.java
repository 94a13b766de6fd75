package dev.tcpspec.run;

import dev.tcpspec.dsl.Spec;

import java.util.function.Consumer;

/**
 * Hears about a suite run as it goes: each spec as it starts and each result as it comes, for progress displays.
 * Calls come from one thread at a time, but with parallel runs several specs may be under way at once.
 *
 * <pre>{@code
 * RunResult r = suiteRun.run(new RunListener() {
 *     public void specStarted(Spec spec) { status.show("running " + spec.id()); }
 *     public void specFinished(SpecResult result) { out.println(result.verdict() + " " + result.id()); }
 * });
 * }</pre>
 */
public interface RunListener {
    /** {@code spec} is about to run. */
    void specStarted(Spec spec);

    /** A spec has a verdict. */
    void specFinished(SpecResult result);

    /** A listener that hears only results. */
    static RunListener ofResults(Consumer<SpecResult> onResult) {
        return new RunListener() {
            @Override
            public void specStarted(Spec spec) {
            }

            @Override
            public void specFinished(SpecResult result) {
                onResult.accept(result);
            }
        };
    }
}

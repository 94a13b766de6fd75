package dev.tcpspec.run;

import dev.tcpspec.dsl.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * The results of running a list of specs against one stack, with what the run was: stack, profile, mutant (planted
 * deviation, if any) and seed. Reports are written from this.
 *
 * <pre>{@code
 * RunResult run = SuiteRun.of(Catalog.all(), Stacks.simulated()).run();
 * System.exit(run.exitCode());
 * }</pre>
 */
public record RunResult(String stack, String profile, String mutant, long seed, List<SpecResult> results) {
    /** The tool's name in reports. */
    public static final String TOOL = "tcpspec";
    /** The tool's version, from the build. */
    public static final String VERSION = readVersion();

    public RunResult {
        results = List.copyOf(results);
    }

    public long count(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).count();
    }

    /** 0 when every applicable spec passed, 1 when any failed or errored. */
    public int exitCode() {
        return count(Verdict.FAIL) + count(Verdict.ERROR) == 0 ? 0 : 1;
    }

    /** How many results passed only partially: some expectations could not be judged. */
    public long partialCount() {
        return results.stream().filter(SpecResult::partial).count();
    }

    /** E.g. {@code 10 specs: 9 pass (2 partially judged), 1 fail, 0 not applicable, 0 error}. */
    public String summaryLine() {
        long partial = partialCount();
        return results.size() + " specs: " + count(Verdict.PASS) + " pass"
                + (partial == 0 ? "" : " (" + partial + " partially judged)") + ", " + count(Verdict.FAIL) + " fail, "
                + count(Verdict.NOT_APPLICABLE) + " not applicable, " + count(Verdict.ERROR) + " error";
    }

    private static String readVersion() {
        try (InputStream in = RunResult.class.getResourceAsStream("/dev/tcpspec/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.conformance.SegmentTierConformance;
import dev.tcpspec.spi.SegmentStack;

import java.nio.file.Path;

/**
 * The conformance test a team writes for its stack: the whole tcpspec catalog against toytcp, as client and as server,
 * with the deviations toytcp makes on purpose recorded in {@code known-deviations.txt}. Those are reported as accepted
 * (skipped, with their reason); anything else that fails, fails the build; an entry that starts passing fails too,
 * until it is removed from the file. The summary and {@code target/tcpspec/ToyTcpConformanceTest.json} show the rest.
 */
class ToyTcpConformanceTest extends SegmentTierConformance {
    @Override
    protected SegmentStack stack() {
        return new ToyTcpStack();
    }

    @Override
    protected Path knownDeviations() {
        return Path.of("known-deviations.txt");
    }
}

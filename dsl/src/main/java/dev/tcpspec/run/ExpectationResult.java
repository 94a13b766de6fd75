package dev.tcpspec.run;

/**
 * One expectation of a spec, judged: its sentence (durations resolved), whether it held, and what was observed.
 */
public record ExpectationResult(String expectation, boolean held, String observation) {
}

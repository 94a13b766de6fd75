package dev.tcpspec.run;

import dev.tcpspec.trace.Trace;

/**
 * A scenario could not be carried out as written: its setup failed or a step refers to a socket that does not exist.
 * The spec's verdict is ERROR and the message names the step; the trace recorded up to that point, when there is
 * one, goes with it so the ERROR can be explained with a ladder diagram.
 */
public final class ScenarioException extends RuntimeException {
    private final transient Trace trace;

    public ScenarioException(String message) {
        this(message, null);
    }

    private ScenarioException(String message, Trace trace, Throwable cause) {
        super(message, cause);
        this.trace = trace;
    }

    private ScenarioException(String message, Trace trace) {
        this(message, trace, null);
    }

    /** The same failure, carrying the trace recorded until the scenario broke off. */
    public ScenarioException withTrace(Trace partial) {
        return new ScenarioException(getMessage(), partial, getCause());
    }

    /** The stack deviated as the scenario ran ({@link dev.tcpspec.spi.StackDeviation}): the trace so far with it. */
    static ScenarioException deviated(dev.tcpspec.spi.StackDeviation deviation, Trace partial) {
        return new ScenarioException(deviation.getMessage(), partial, deviation);
    }

    /** The trace recorded until the scenario broke off, or null. */
    public Trace trace() {
        return trace;
    }
}

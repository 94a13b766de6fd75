package dev.tcpspec.run;

/**
 * A scenario could not be carried out as written: its setup failed or a step refers to a socket that does not exist.
 * The spec's verdict is ERROR and the message names the step.
 */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}

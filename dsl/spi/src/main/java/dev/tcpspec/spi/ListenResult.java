package dev.tcpspec.spi;

import dev.tcpspec.trace.AppOutcome;

/**
 * The result of bind() plus listen(): a listener when the outcome is OK, otherwise null (e.g. ADDRESS_IN_USE).
 */
public record ListenResult(AppOutcome outcome, TcpListener listener) {
    public static ListenResult ok(TcpListener listener) {
        return new ListenResult(AppOutcome.OK, listener);
    }

    public static ListenResult failed(AppOutcome outcome) {
        return new ListenResult(outcome, null);
    }
}

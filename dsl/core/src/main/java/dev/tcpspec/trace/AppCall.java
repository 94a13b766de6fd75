package dev.tcpspec.trace;

/** The socket calls an application makes, as recorded in a trace. */
public enum AppCall {
    LISTEN, CONNECT, ACCEPT, WRITE, READ, CLOSE, SHUTDOWN_OUTPUT, SHUTDOWN_INPUT, DUPLICATE;

    /** The call as a programmer writes it, e.g. {@code shutdownOutput()}. */
    public String label() {
        return switch (this) {
            case LISTEN -> "listen()";
            case CONNECT -> "connect()";
            case ACCEPT -> "accept()";
            case WRITE -> "write()";
            case READ -> "read()";
            case CLOSE -> "close()";
            case SHUTDOWN_OUTPUT -> "shutdownOutput()";
            case SHUTDOWN_INPUT -> "shutdownInput()";
            case DUPLICATE -> "dup()";
        };
    }
}

package dev.tcpspec.trace;

/**
 * What a socket call returned to the application. The names follow what a Java programmer sees: a read that throws
 * {@code SocketException: Connection reset} is {@link #CONNECTION_RESET}; one that returns -1 is {@link #EOF}.
 */
public enum AppOutcome {
    /** The call succeeded (connect, accept, write, close, shutdown). */
    OK("ok"),
    /** A read returned data. */
    DATA("data"),
    /** A read returned end of stream (-1). */
    EOF("EOF"),
    /** ECONNRESET: "Connection reset". */
    CONNECTION_RESET("Connection reset"),
    /** EPIPE: "Broken pipe". */
    BROKEN_PIPE("Broken pipe"),
    /** ETIMEDOUT: "Connection timed out" (retransmission or keepalive limit reached). */
    CONNECTION_TIMED_OUT("Connection timed out"),
    /**
     * ECONNABORTED: "Software caused connection abort": the stack itself gave the connection up (lwIP reports its
     * retransmission and keepalive limits this way, ERR_ABRT, where Linux says ETIMEDOUT).
     */
    CONNECTION_ABORTED("Software caused connection abort"),
    /** ECONNREFUSED: "Connection refused". */
    CONNECTION_REFUSED("Connection refused"),
    /** EADDRINUSE: "Address already in use". */
    ADDRESS_IN_USE("Address already in use"),
    /** EADDRNOTAVAIL: "Cannot assign requested address". */
    ADDRESS_NOT_AVAILABLE("Cannot assign requested address"),
    /** ENOBUFS: "No buffer space available" (lwIP's connect() when it has no local port left, ERR_BUF). */
    NO_BUFFER_SPACE("No buffer space available"),
    /** EWOULDBLOCK: a lingering close() timed out on a BSD-style stack (the connection was reset). */
    WOULD_BLOCK("Resource temporarily unavailable"),
    /** ENOTCONN or a call on a closed handle. */
    NOT_CONNECTED("Socket is not connected"),
    /** The call was still blocked when the harness stopped waiting for it. */
    STILL_BLOCKED("still blocked"),
    /**
     * A write() queued only part of the data: the send buffer had no room for the rest within the time the harness
     * waits (the bytes queued are in the result's count). Not an error, but not a successful write either.
     */
    SHORT_WRITE("short write");

    private final String text;

    AppOutcome(String text) {
        this.text = text;
    }

    /** The message a programmer would see, e.g. {@code Connection reset}. */
    public String text() {
        return text;
    }

    /** True for the outcomes that report an error to the application. */
    public boolean isError() {
        return this != OK && this != DATA && this != EOF && this != STILL_BLOCKED && this != SHORT_WRITE;
    }

    /** True for a write() whose bytes (all, or for a short write the count it reports) were queued for sending. */
    public boolean queuedData() {
        return this == OK || this == SHORT_WRITE;
    }
}

package dev.tcpspec.spi;

import dev.tcpspec.trace.AppOutcome;
import dev.tcpspec.trace.Segment;

/**
 * What a socket call returned: an outcome, the bytes read (for reads) or the count written, and how long it blocked.
 *
 * <pre>{@code
 * IoResult r = socket.read(1024, Duration.ofSeconds(5));
 * if (r.outcome() == AppOutcome.DATA) process(r.data());
 * }</pre>
 *
 * @param outcome      what the application saw
 * @param data         bytes read; empty for anything but a read returning data
 * @param bytes        bytes read or accepted for writing
 * @param blockedNanos how long the call blocked (virtual or real nanoseconds)
 */
public record IoResult(AppOutcome outcome, byte[] data, int bytes, long blockedNanos) {
    public IoResult {
        if (data == null) data = Segment.NO_PAYLOAD;
    }

    /** A call that returned {@code outcome} at once, with no data. */
    public static IoResult of(AppOutcome outcome) {
        return new IoResult(outcome, Segment.NO_PAYLOAD, 0, 0);
    }

    /** A call that returned {@code outcome} after blocking {@code blockedNanos}. */
    public static IoResult of(AppOutcome outcome, long blockedNanos) {
        return new IoResult(outcome, Segment.NO_PAYLOAD, 0, blockedNanos);
    }

    /** A read that returned {@code data}. */
    public static IoResult data(byte[] data, long blockedNanos) {
        return new IoResult(AppOutcome.DATA, data, data.length, blockedNanos);
    }

    /** A write that queued {@code bytes}. */
    public static IoResult written(int bytes, long blockedNanos) {
        return new IoResult(AppOutcome.OK, Segment.NO_PAYLOAD, bytes, blockedNanos);
    }
}

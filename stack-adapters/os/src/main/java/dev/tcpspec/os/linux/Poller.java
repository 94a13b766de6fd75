package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;

/**
 * Waits for one descriptor to become readable, with nanosecond timeouts ({@code ppoll}); its {@code struct pollfd}
 * and {@code struct timespec} are allocated once.
 */
final class Poller implements AutoCloseable {
    private final Memory pollfd = new Memory(8);
    private final Memory timespec = new Memory(16);

    Poller(int fd) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, Libc.POLLIN);
    }

    /** Waits at most {@code nanos} (zero: just looks) for the descriptor to be readable. */
    boolean await(long nanos) throws IOException {
        pollfd.setShort(6, (short) 0);
        long n = Math.max(0, nanos);
        timespec.setLong(0, n / 1_000_000_000L);
        timespec.setLong(8, n % 1_000_000_000L);
        try {
            return Libc.ppoll(pollfd, 1, timespec, null) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.EINTR) return false;
            throw Libc.failure("ppoll", e);
        }
    }

    @Override
    public void close() {
        pollfd.close();
        timespec.close();
    }
}

package dev.tcpspec.sim;

import java.util.Arrays;

/** A growable FIFO of bytes: send and receive buffers. */
final class ByteQueue {
    private byte[] buf = new byte[0];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void append(byte[] data, int off, int len) {
        if (len == 0) return;
        if (head + size + len > buf.length) {
            if (size + len <= buf.length && head > 0) {
                System.arraycopy(buf, head, buf, 0, size);
            } else {
                buf = Arrays.copyOfRange(buf, head, head + Math.max(size + len, Math.max(64, 2 * (size + len))));
            }
            head = 0;
        }
        System.arraycopy(data, off, buf, head + size, len);
        size += len;
    }

    /** A copy of {@code len} bytes starting {@code offset} bytes from the front. */
    byte[] peek(int offset, int len) {
        return Arrays.copyOfRange(buf, head + offset, head + offset + len);
    }

    /** Removes and returns up to {@code len} bytes from the front. */
    byte[] take(int len) {
        int n = Math.min(len, size);
        byte[] out = Arrays.copyOfRange(buf, head, head + n);
        drop(n);
        return out;
    }

    void drop(int n) {
        n = Math.min(n, size);
        head += n;
        size -= n;
        if (size == 0) head = 0;
    }

    /** Keeps only the first {@code len} bytes. */
    void truncate(int len) {
        size = Math.min(size, Math.max(0, len));
        if (size == 0) head = 0;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}

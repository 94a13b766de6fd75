package dev.tcpspec.examples.toytcp;

import java.util.Arrays;

/** A growable FIFO of bytes: append at the back, read or drop at the front. */
final class ByteQueue {
    private byte[] buf = new byte[256];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void append(byte[] src, int off, int len) {
        if (head + size + len > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, size + len)];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
            head = 0;
        }
        System.arraycopy(src, off, buf, head + size, len);
        size += len;
    }

    /** A copy of {@code len} bytes starting {@code offset} bytes from the front. */
    byte[] copy(int offset, int len) {
        return Arrays.copyOfRange(buf, head + offset, head + offset + len);
    }

    /** Removes and returns up to {@code max} bytes from the front. */
    byte[] take(int max) {
        byte[] out = copy(0, Math.min(max, size));
        drop(out.length);
        return out;
    }

    void drop(int n) {
        head += n;
        size -= n;
        if (size == 0) head = 0;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}

package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.io.IOException;
import java.time.Instant;

/**
 * When the kernel sent each packet out through a device, to the nanosecond: a packet socket on the device
 * ({@code AF_PACKET}, {@code SO_TIMESTAMPNS}) receives a copy of every outgoing packet, stamped as the kernel hands it
 * to the driver. The packet wire reads a packet from the TUN device a little later, or much later if this process
 * stalled (a garbage collection, a busy machine); the stamp says when it really left.
 *
 * <pre>{@code
 * try (PacketTimes times = PacketTimes.open(ns, "tcpspec0")) {
 *     byte[] p = tun.read();
 *     long sent = times.sentAt(p);   // System.nanoTime() terms; -1 if no copy matched
 * }
 * }</pre>
 */
public final class PacketTimes implements AutoCloseable {
    private static final int SNAP = 128;
    /** How many copies a lookup reads at most before it gives up (copies of packets never read from the device). */
    private static final int MAX_SKIP = 64;

    private final int fd;
    private final long realtimeMinusNanoTime;
    private final Memory msghdr = new Memory(56);
    private final Memory iov = new Memory(16);
    private final Memory buffer = new Memory(SNAP);
    private final Memory control = new Memory(64);
    private final Memory name = new Memory(20);
    private final Memory pollfd = new Memory(8);
    private final byte[] copy = new byte[SNAP];
    private boolean closed;

    private PacketTimes(int fd) {
        this.fd = fd;
        this.realtimeMinusNanoTime = offset();
        iov.setPointer(0, buffer);
        iov.setLong(8, SNAP);
        pollfd.setInt(0, fd);
        pollfd.setShort(4, Libc.POLLIN);
    }

    /** A packet socket on {@code device} in {@code ns}, taking in outgoing packets with their timestamps. */
    public static PacketTimes open(NetworkNamespace ns, String device) throws IOException {
        return new PacketTimes(ns.call(() -> {
            int index = Interfaces.index(ns, device);
            int protocol = Short.toUnsignedInt(Short.reverseBytes((short) Libc.ETH_P_ALL));
            int s;
            try {
                s = Libc.socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, protocol);
            } catch (LastErrorException e) {
                throw Libc.failure("socket(AF_PACKET)", e);
            }
            try {
                byte[] ll = new byte[20];
                ll[0] = (byte) Libc.AF_PACKET;
                ll[2] = (byte) (Libc.ETH_P_ALL >>> 8);
                ll[3] = (byte) Libc.ETH_P_ALL;
                ll[4] = (byte) index;
                ll[5] = (byte) (index >>> 8);
                ll[6] = (byte) (index >>> 16);
                ll[7] = (byte) (index >>> 24);
                Libc.bind(s, ll, ll.length);
                byte[] on = {1, 0, 0, 0};
                Libc.setsockopt(s, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, on, 4);
            } catch (LastErrorException e) {
                Libc.close(s);
                throw Libc.failure("binding a packet socket to " + device, e);
            }
            return s;
        }));
    }

    /**
     * When the kernel sent {@code packet}, in {@link System#nanoTime()} terms, or -1 if no outgoing copy matched it
     * (copies of packets sent before are read and dropped on the way).
     */
    public synchronized long sentAt(byte[] packet) {
        if (closed) return -1;
        for (int n = 0; n < MAX_SKIP; n++) {
            pollfd.setShort(6, (short) 0);
            if (Libc.poll(pollfd, 1, 0) <= 0) return -1;
            msghdr.clear();
            msghdr.setPointer(0, name);
            msghdr.setInt(8, 20);
            msghdr.setPointer(16, iov);
            msghdr.setLong(24, 1);
            msghdr.setPointer(32, control);
            msghdr.setLong(40, 64);
            long got;
            try {
                got = Libc.recvmsg(fd, msghdr, 0);
            } catch (LastErrorException e) {
                return -1;
            }
            int pktType = name.getByte(10) & 0xFF;
            if (pktType != Libc.PACKET_OUTGOING) continue;   // a packet written into the device: not the kernel's
            int length = (int) Math.min(got, SNAP);
            buffer.read(0, copy, 0, length);
            if (!samePrefix(packet, length)) continue;
            long stamp = timestamp();
            return stamp < 0 ? -1 : stamp - realtimeMinusNanoTime;
        }
        return -1;
    }

    /**
     * Whether the copy is of {@code packet}: the same IP header and the same TCP header up to its checksum, which the
     * copy may lack (taken before the checksum is computed, offloaded to the device; a TUN device fills it in).
     */
    private boolean samePrefix(byte[] packet, int length) {
        int header = (packet[0] & 0xF0) == 0x40 ? (packet[0] & 0x0F) * 4 : 40;
        int n = Math.min(Math.min(length, packet.length), header + 16);
        for (int i = 0; i < n; i++) if (copy[i] != packet[i]) return false;
        return length >= n;
    }

    /** The SCM_TIMESTAMPNS of the last message, CLOCK_REALTIME nanoseconds, or -1. */
    private long timestamp() {
        long controllen = msghdr.getLong(40);
        long off = 0;
        while (off + 16 <= controllen) {
            long len = control.getLong(off);
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            if (level == Libc.SOL_SOCKET && type == Libc.SO_TIMESTAMPNS && len >= 32) {
                return control.getLong(off + 16) * 1_000_000_000L + control.getLong(off + 24);
            }
            if (len < 16) break;
            off += (len + 7) & ~7L;
        }
        return -1;
    }

    /** CLOCK_REALTIME minus {@link System#nanoTime()}, read between two monotonic readings, the tightest of a few. */
    private static long offset() {
        long bestGap = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 7; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            if (after - before < bestGap) {
                bestGap = after - before;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + (after - before) / 2);
            }
        }
        return offset;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Memory m : new Memory[]{msghdr, iov, buffer, control, name, pollfd}) m.close();
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            // gone already
        }
    }
}

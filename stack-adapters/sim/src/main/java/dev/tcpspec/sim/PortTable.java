package dev.tcpspec.sim;

import java.util.BitSet;

/**
 * One host's local ports: which ports have a listener, and for each remote port (each host has one peer, so the
 * remote port names the destination) which local ports a connection occupies. A connection in any state pins its
 * 4-tuple, TIME_WAIT included: TIME_WAIT holds a port, not a descriptor (RULES.md TW-10).
 *
 * <p>Ephemeral ports are chosen as Linux's {@code __inet_hash_connect} chooses them: the range is cut to an even
 * size, scanned from a per-destination offset in steps of two, ports of the range's low parity first (the even ones,
 * for 32768-60999), then the others; the offset moves past each port taken. An occupied port may be taken over when
 * the caller's {@link Reuse} says so (a TIME_WAIT under tcp_tw_reuse), as Linux takes the first port in scan order
 * that is free or reusable. Occupancy is kept in one bit set per parity, so a scan skips occupied ports a machine
 * word at a time and exhausting 28,232 ports stays linear.
 *
 * <p>Under a profile that claims RFC 6056 selection instead ({@link #pickRandom}), the port is RFC 6056 Algorithm 1's:
 * a random start in the range (from a generator seeded by the run's seed), then the next port that is free or may be
 * taken over, wrapping around: no order of parity at all.
 */
final class PortTable {
    /** Decides whether an occupied local port (towards the destination being scanned) may be taken over. */
    interface Reuse {
        boolean mayTakeOver(int localPort);
    }

    /** What one destination (remote port) pins: occupied local ports, [0] even, [1] odd, bit index port >> 1. */
    private static final class Destination {
        final BitSet[] used = {new BitSet(), new BitSet()};
        int offset;
        boolean searched;
    }

    private final LongMap<Destination> byDestination = new LongMap<>();
    private final BitSet[] listening = {new BitSet(), new BitSet()};
    private long seed;
    private final java.util.SplittableRandom random;

    PortTable(long seed) {
        this.seed = seed;
        this.random = new java.util.SplittableRandom(seed ^ 0x6056_6056_6056_6056L);
    }

    void listen(int port) {
        listening[port & 1].set(port >> 1);
    }

    void unlisten(int port) {
        listening[port & 1].clear(port >> 1);
    }

    boolean isListening(int port) {
        return listening[port & 1].get(port >> 1);
    }

    void occupy(int localPort, int remotePort) {
        destination(remotePort).used[localPort & 1].set(localPort >> 1);
    }

    void release(int localPort, int remotePort) {
        Destination d = byDestination.get(remotePort);
        if (d == null) return;
        d.used[localPort & 1].clear(localPort >> 1);
        if (!d.searched && d.used[0].isEmpty() && d.used[1].isEmpty()) {
            byDestination.remove(remotePort); // a destination this host never connects to: forget it
        }
    }

    boolean occupied(int localPort, int remotePort) {
        Destination d = byDestination.get(remotePort);
        return d != null && d.used[localPort & 1].get(localPort >> 1);
    }

    /**
     * Every occupation and listener forgotten (a host crash). The per-destination offsets start from a new secret,
     * as a rebooted Linux draws a new one: the first port after a reboot is not the first port before it.
     */
    void clear() {
        byDestination.clear();
        listening[0].clear();
        listening[1].clear();
        seed = seed * 0x9E3779B97F4A7C15L + 1;
    }

    private Destination destination(int remotePort) {
        Destination d = byDestination.get(remotePort);
        if (d == null) {
            d = new Destination();
            byDestination.put(remotePort, d);
        }
        return d;
    }

    /**
     * An ephemeral port in {@code low..high} for a connection to {@code remotePort}, or -1 when every port is occupied
     * and none may be taken over: connect() then fails with EADDRNOTAVAIL.
     *
     * @param reuse whether an occupied port may be taken over, or null for never
     */
    int pickEphemeral(int low, int high, int remotePort, Reuse reuse) {
        int count = high - low + 1;
        int remaining = count > 1 ? count & ~1 : count;
        int last = low + remaining - 1;
        Destination d = destination(remotePort);
        if (!d.searched) {
            d.searched = true;
            d.offset = initialOffset(remotePort);
        }
        BitSet[] used = d.used;
        int offset = Math.floorMod(d.offset, remaining) & ~1;
        for (int pass = 0; pass < (remaining > 1 ? 2 : 1); pass++) {
            int start = low + offset + pass;
            int parity = start & 1;
            int first = low + ((parity - low) & 1);
            int port = reuse == null ? nextFree(used, parity, start, last) : nextUsable(used, start, last, reuse);
            if (port < 0) {
                port = reuse == null ? nextFree(used, parity, first, start - 2)
                        : nextUsable(used, first, start - 2, reuse);
            }
            if (port >= 0) {
                int scanned = Math.floorMod(port - start, remaining);
                d.offset += scanned + 2;
                return port;
            }
        }
        return -1;
    }

    /**
     * RFC 6056 Algorithm 1: an ephemeral port in {@code low..high} for a connection to {@code remotePort}, starting at
     * a random port and taking the next one (wrapping around) that is free or may be taken over; -1 when none is.
     */
    int pickRandom(int low, int high, int remotePort, Reuse reuse) {
        int count = high - low + 1;
        int start = low + random.nextInt(count);
        BitSet[] used = destination(remotePort).used;
        int port = reuse == null ? nextFreeEither(used, start, high) : nextUsable1(used, start, high, reuse);
        if (port < 0 && start > low) {
            port = reuse == null ? nextFreeEither(used, low, start - 1) : nextUsable1(used, low, start - 1, reuse);
        }
        return port;
    }

    /** The first free port in from..to of either parity. */
    private int nextFreeEither(BitSet[] used, int from, int to) {
        int best = -1;
        for (int parity = 0; parity < 2; parity++) {
            int first = from + ((parity - from) & 1);
            if (first > to) continue;
            int p = nextFree(used, parity, first, to);
            if (p >= 0 && (best < 0 || p < best)) best = p;
        }
        return best;
    }

    /** The first port in from..to (step 1) that is free or may be taken over. */
    private int nextUsable1(BitSet[] used, int from, int to, Reuse reuse) {
        for (int p = from; p <= to; p++) {
            if (listening[p & 1].get(p >> 1)) continue;
            if (!used[p & 1].get(p >> 1) || reuse.mayTakeOver(p)) return p;
        }
        return -1;
    }

    /** The first port of {@code parity} in from..to (inclusive) that no connection and no listener occupies. */
    private int nextFree(BitSet[] used, int parity, int from, int to) {
        int idx = used[parity].nextClearBit(from >> 1);
        while (((idx << 1) | parity) <= to) {
            if (!listening[parity].get(idx)) return (idx << 1) | parity;
            idx = used[parity].nextClearBit(idx + 1);
        }
        return -1;
    }

    /** The first port in from..to (step 2) that is free or may be taken over; scanned one by one, as Linux does. */
    private int nextUsable(BitSet[] used, int from, int to, Reuse reuse) {
        for (int p = from; p <= to; p += 2) {
            if (listening[p & 1].get(p >> 1)) continue;
            if (!used[p & 1].get(p >> 1) || reuse.mayTakeOver(p)) return p;
        }
        return -1;
    }

    /** A per-destination starting offset, keyed by the seed, as Linux keys it by a secret and the destination. */
    private int initialOffset(int remotePort) {
        long z = seed + 0x9E3779B97F4A7C15L * (remotePort + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) >>> 33);
    }
}

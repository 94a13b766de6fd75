package dev.tcpspec.sim;

/**
 * Initial sequence numbers as RFC 6528 (RFC 9293 §3.4.1) prescribes: ISN = M + F(localip, localport, remoteip,
 * remoteport, secretkey), where M is a clock ticking every {@code tickNanos} (4 µs in RFC 9293, 64 ns on Linux)
 * and F is a keyed pseudo-random function, here SipHash-2-4 keyed from the run's seed. The same seed gives the same
 * ISNs; ISNs of one 4-tuple rise with time and are unrelated across 4-tuples.
 */
final class IsnGenerator {
    private final long k0;
    private final long k1;
    private final long tickNanos;
    private final boolean clockOnly;

    /** @param clockOnly the planted deviation of IS-1: no keyed hash, so ISNs of all 4-tuples move together */
    IsnGenerator(long seed, long tickNanos, boolean clockOnly) {
        this.k0 = mix(seed ^ 0x736f6d6570736575L);
        this.k1 = mix(seed ^ 0x646f72616e646f6dL);
        this.tickNanos = tickNanos;
        this.clockOnly = clockOnly;
    }

    int isn(int localAddr, int localPort, int remoteAddr, int remotePort, long nowNanos) {
        int m = (int) (nowNanos / tickNanos);
        if (clockOnly) return m + (int) k0;
        long tuple1 = ((long) localAddr << 32) | (remoteAddr & 0xFFFFFFFFL);
        long tuple2 = ((long) localPort << 16) | remotePort;
        int f = (int) sipHash24(tuple1, tuple2);
        return m + f;
    }

    /** A keyed 32-bit value for other per-connection secrets (timestamp offsets). */
    int keyed(long a, long b) {
        return (int) (sipHash24(a, b) >>> 32);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** SipHash-2-4 of a 16-byte message (two little-endian words). */
    private long sipHash24(long m0, long m1) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        for (int w = 0; w < 2; w++) {
            long m = w == 0 ? m0 : m1;
            v3 ^= m;
            for (int i = 0; i < 2; i++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long b = 16L << 56;
        v3 ^= b;
        for (int i = 0; i < 2; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= b;
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}

package dev.tcpspec.trace;

/**
 * Sequence-number arithmetic modulo 2<sup>32</sup> (RFC 9293 §3.4): sequence numbers are held in {@code int}s and
 * compared by the sign of their 32-bit difference, which is meaningful for numbers less than 2<sup>31</sup> apart.
 *
 * <pre>{@code
 * int nearWrap = 0xFFFF_FFF0;
 * assert Seq.lt(nearWrap, nearWrap + 0x20);      // 0xFFFFFFF0 < 0x00000010 after the wrap
 * assert Seq.diff(nearWrap + 0x20, nearWrap) == 0x20;
 * }</pre>
 */
public final class Seq {
    private Seq() {
    }

    /** a &lt; b in sequence space. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** a &le; b in sequence space. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** a &gt; b in sequence space. */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** a &ge; b in sequence space. */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** The signed distance a − b. */
    public static int diff(int a, int b) {
        return a - b;
    }

    /** lo &le; x &lt; hi in sequence space (the window test of RFC 9293 §3.4). */
    public static boolean inWindow(int x, int lo, int hi) {
        return le(lo, x) && lt(x, hi);
    }

    /** The unsigned decimal form of a sequence number, as tcpdump prints it. */
    public static String str(int seq) {
        return Integer.toUnsignedString(seq);
    }
}

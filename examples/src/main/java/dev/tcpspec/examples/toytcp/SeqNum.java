package dev.tcpspec.examples.toytcp;

/** Sequence number arithmetic modulo 2^32 (RFC 9293 §3.4): a is before b when (int) (a - b) is negative. */
final class SeqNum {
    private SeqNum() {
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** lo <= x < hi, modulo 2^32. */
    static boolean within(int x, int lo, int hi) {
        return le(lo, x) && lt(x, hi);
    }
}

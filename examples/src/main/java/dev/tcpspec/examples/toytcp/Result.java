package dev.tcpspec.examples.toytcp;

/** A socket call's result: the outcome, the bytes read (for DATA) and the count read or written. */
public record Result(Outcome outcome, byte[] data, int count) {
    static Result of(Outcome o) {
        return new Result(o, Packet.EMPTY, 0);
    }

    static Result data(byte[] d) {
        return new Result(Outcome.DATA, d, d.length);
    }

    static Result written(int n) {
        return new Result(Outcome.OK, Packet.EMPTY, n);
    }
}

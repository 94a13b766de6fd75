package dev.tcpspec.dsl;

/**
 * Where a rule comes from: an RFC section, the project's seed articles, a Linux source file, a measurement.
 *
 * <pre>{@code
 * Source s = Source.rfc(9293, "3.6.1");      // "RFC 9293 §3.6.1"
 * Source l = Source.linux("tcp_minisocks.c"); // "Linux net/ipv4/tcp_minisocks.c"
 * }</pre>
 *
 * @param text how the source is cited
 */
public record Source(String text) {
    /** The project's seed: two articles on TIME_WAIT / CLOSE_WAIT and SO_LINGER. */
    public static final Source SEED = new Source("seed");
    /** Measured on Linux from Java (LINUX.md). */
    public static final Source MEASURED = new Source("measured on Linux (LINUX.md)");

    /** A section of an RFC. */
    public static Source rfc(int number, String section) {
        return new Source("RFC " + number + " §" + section);
    }

    /** A whole RFC. */
    public static Source rfc(int number) {
        return new Source("RFC " + number);
    }

    /** A Linux source file or document, e.g. {@code tcp_minisocks.c} or {@code ip-sysctl tcp_fin_timeout}. */
    public static Source linux(String where) {
        return new Source("Linux " + where);
    }

    @Override
    public String toString() {
        return text;
    }
}

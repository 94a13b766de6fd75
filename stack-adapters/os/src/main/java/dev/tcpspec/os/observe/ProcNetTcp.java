package dev.tcpspec.os.observe;

import dev.tcpspec.trace.TcpState;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Reads the kernel's TCP socket tables, {@code /proc/net/tcp} and {@code /proc/net/tcp6}, into {@link SocketRow}s.
 *
 * <p>The format, per row: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
 * inode ...}, every number in hex except uid, timeout and inode. Addresses are printed as 32-bit words in host byte
 * order (little-endian on x86 and arm64): {@code 0100007F:1F90} is 127.0.0.1:8080, and in {@code tcp6} each of the
 * four words is reversed on its own. Java's dual-stack sockets appear in {@code tcp6} as {@code ::ffff:127.0.0.1}
 * (LINUX.md §1), so a reader must look at both files.
 *
 * <pre>{@code
 * List<SocketRow> rows = ProcNetTcp.readBoth(Path.of("/proc/self/net"), port -> port == 37000);
 * }</pre>
 *
 * A line that does not follow the format is an error naming the file, the line number and the line.
 */
public final class ProcNetTcp {
    private ProcNetTcp() {
    }

    /** Every row of one file. */
    public static List<SocketRow> read(Path file) {
        return read(file, p -> true);
    }

    /**
     * The rows of one file whose local or remote port passes {@code ports}. Other lines are skipped after reading
     * their two ports only, which keeps a scan of a table with thousands of TIME_WAIT rows cheap. A file that does
     * not exist yields no rows (a kernel without IPv6 has no {@code tcp6}).
     */
    public static List<SocketRow> read(Path file, IntPredicate ports) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        List<SocketRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (n == 1) {
                    if (!line.trim().startsWith("sl")) throw malformed(name, n, line, "the header must start with 'sl'");
                    continue;
                }
                if (line.isBlank()) continue;
                SocketRow row = parse(name, n, line, ports);
                if (row != null) rows.add(row);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The rows of {@code tcp} and {@code tcp6} in a {@code net} directory (e.g. {@code /proc/self/net}). */
    public static List<SocketRow> readBoth(Path netDir, IntPredicate ports) {
        List<SocketRow> rows = new ArrayList<>(read(netDir.resolve("tcp"), ports));
        rows.addAll(read(netDir.resolve("tcp6"), ports));
        return rows;
    }

    /**
     * One data line of file {@code file}, line number {@code n}; null if neither port passes {@code ports}.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it
     */
    static SocketRow parse(String file, int n, String line, IntPredicate ports) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            throw malformed(file, n, line, "expected at least 10 fields (sl local rem st tx:rx tr:when retrnsmt uid "
                    + "timeout inode), found " + f.length);
        }
        if (!f[0].endsWith(":")) throw malformed(file, n, line, "the slot '" + f[0] + "' must end with ':'");
        int localPort = port(file, n, line, f[1]);
        int remotePort = port(file, n, line, f[2]);
        if (!ports.test(localPort) && !ports.test(remotePort)) return null;
        try {
            InetAddress local = address(f[1]);
            InetAddress remote = address(f[2]);
            int st = Integer.parseInt(f[3], 16);
            TcpState state;
            try {
                state = TcpState.fromLinuxCode(st);
            } catch (IllegalArgumentException e) {
                throw malformed(file, n, line, e.getMessage());
            }
            long[] queues = pair(file, n, line, f[4], "tx_queue:rx_queue");
            long[] timer = pair(file, n, line, f[5], "tr:tm->when");
            long retransmits = Long.parseLong(f[6], 16);
            int uid = Integer.parseInt(f[7]);
            long probes = Long.parseLong(f[8]);
            long inode = Long.parseLong(f[9]);
            return new SocketRow(file, local, localPort, remote, remotePort, state, queues[0], queues[1],
                    (int) timer[0], timer[1], retransmits, uid, probes, inode, n);
        } catch (NumberFormatException e) {
            throw malformed(file, n, line, "not a number: " + e.getMessage());
        }
    }

    private static int port(String file, int n, String line, String endpoint) {
        int colon = endpoint.indexOf(':');
        if (colon < 0 || endpoint.length() - colon - 1 != 4) {
            throw malformed(file, n, line, "the endpoint '" + endpoint + "' is not ADDRESS:PORT with a 4-digit hex port");
        }
        int hexLength = colon;
        if (hexLength != 8 && hexLength != 32) {
            throw malformed(file, n, line, "the address of '" + endpoint + "' has " + hexLength
                    + " hex digits; expected 8 (IPv4) or 32 (IPv6)");
        }
        try {
            return Integer.parseInt(endpoint.substring(colon + 1), 16);
        } catch (NumberFormatException e) {
            throw malformed(file, n, line, "the port of '" + endpoint + "' is not hex");
        }
    }

    private static long[] pair(String file, int n, String line, String field, String what) {
        int colon = field.indexOf(':');
        if (colon < 0) throw malformed(file, n, line, "'" + field + "' is not " + what);
        return new long[]{Long.parseLong(field.substring(0, colon), 16), Long.parseLong(field.substring(colon + 1), 16)};
    }

    /** An address as /proc prints it: 32-bit words in little-endian host order. */
    static InetAddress address(String endpoint) {
        String hex = endpoint.substring(0, endpoint.indexOf(':'));
        byte[] bytes = new byte[hex.length() / 2];
        for (int w = 0; w < hex.length() / 8; w++) {
            long word = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
            for (int b = 0; b < 4; b++) bytes[w * 4 + b] = (byte) (word >>> (8 * b));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    private static IllegalArgumentException malformed(String file, int n, String line, String why) {
        return new IllegalArgumentException(file + " line " + n + " is malformed: " + why + ": '" + line.trim() + "'");
    }
}

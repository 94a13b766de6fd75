package dev.tcpspec.os.observe;


import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.tcpspec.trace.TcpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The /proc/net/tcp{,6} parser, on rows copied from a Linux 6.18 kernel. */
class ProcNetTcpTest {
    /** Captured on this machine: a listener, a TIME_WAIT on the server side, and someone else's TIME_WAIT. */
    static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                    \s
               0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 642 1 000000005a2bb494 100 0 0 10 0                      \s
               1: 0100007F:95D7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23328 1 00000000656319e1 100 0 0 10 0                    \s
               2: 0100007F:95D7 0100007F:B6FE 06 00000000:00000000 03:0000176A 00000000     0        0 0 3 00000000900cff7f                                     \s
               3: 020200C0:BFDA 507100CB:0050 06 00000000:00000000 03:000003A4 00000000     0        0 0 3 00000000d935f236                                     \s
            """;

    /**
     * Captured on this machine over ::1 (an orphaned FIN_WAIT_2 timewait socket, its peer in CLOSE_WAIT), plus the
     * IPv4-mapped row a Java socket on 127.0.0.1 makes (LINUX.md §1).
     */
    static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:AF63 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 23325 1 00000000880086ef 100 0 0 10 0
               1: 00000000000000000000000001000000:E0F6 00000000000000000000000001000000:AF63 05 00000000:00000000 03:00001762 00000000     0        0 0 3 00000000d5200327
               2: 00000000000000000000000001000000:AF63 00000000000000000000000001000000:E0F6 08 00000000:00000001 00:00000000 00000000     0        0 23327 1 0000000083475250 20 4 0 10 -1
               3: 0000000000000000FFFF00000100007F:8C78 0000000000000000FFFF00000100007F:AD9C 01 00000000:00000000 02:00000064 00000002  1000        3 13224 1 0000000083475250 20 4 0 10 -1
            """;

    FileSystem fs;
    Path net;

    @BeforeEach
    void files() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        net = Files.createDirectories(fs.getPath("/proc/self/net"));
        Files.writeString(net.resolve("tcp"), TCP);
        Files.writeString(net.resolve("tcp6"), TCP6);
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void ipv4_rows_give_addresses_ports_states_and_the_time_wait_timer() {
        List<SocketRow> rows = ProcNetTcp.read(net.resolve("tcp"));

        assertThat(rows).hasSize(4);
        SocketRow listener = rows.get(1);
        assertThat(listener.localAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listener.localPort()).isEqualTo(0x95D7);
        assertThat(listener.remotePort()).isZero();
        assertThat(listener.state()).isEqualTo(TcpState.LISTEN);
        assertThat(listener.inode()).isEqualTo(23328);

        SocketRow timeWait = rows.get(2);
        assertThat(timeWait.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(timeWait.remotePort()).isEqualTo(0xB6FE);
        assertThat(timeWait.timer()).isEqualTo(SocketRow.TIMEWAIT_TIMER);
        assertThat(timeWait.timerLeft(100)).isEqualTo(Duration.ofMillis(59_940));   // 0x176A = 5994 ticks
        assertThat(timeWait.isTimewaitSocket()).isTrue();
        assertThat(timeWait.line()).isEqualTo(4);

        assertThat(rows.get(3).localAddress().getHostAddress()).isEqualTo("192.0.2.2");
        assertThat(rows.get(3).remoteAddress().getHostAddress()).isEqualTo("203.0.113.80");
        assertThat(rows.get(3).remotePort()).isEqualTo(80);
    }

    @Test
    void ipv6_rows_reverse_each_word_and_ipv4_mapped_rows_read_as_ipv4() {
        List<SocketRow> rows = ProcNetTcp.read(net.resolve("tcp6"));

        SocketRow orphan = rows.get(1);
        assertThat(orphan.localAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(orphan.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(orphan.isTimewaitSocket()).as("an orphaned FIN_WAIT_2 is a timewait socket").isTrue();

        SocketRow closeWait = rows.get(2);
        assertThat(closeWait.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(closeWait.rxQueue()).isEqualTo(1);
        assertThat(closeWait.timer()).isEqualTo(SocketRow.NO_TIMER);
        assertThat(closeWait.isTimewaitSocket()).isFalse();

        SocketRow mapped = rows.get(3);
        assertThat(mapped.localAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(mapped.localPort()).isEqualTo(0x8C78);
        assertThat(mapped.timer()).isEqualTo(SocketRow.KEEPALIVE_TIMER);
        assertThat(mapped.retransmits()).isEqualTo(2);
        assertThat(mapped.uid()).isEqualTo(1000);
        assertThat(mapped.probes()).isEqualTo(3);
    }

    @Test
    void both_files_are_read_and_filtered_by_port_before_parsing() {
        List<SocketRow> rows = ProcNetTcp.readBoth(net, p -> p == 0xAF63);

        assertThat(rows).extracting(SocketRow::state)
                .containsExactly(TcpState.LISTEN, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT);
    }

    @Test
    void a_missing_file_has_no_rows() {
        assertThat(ProcNetTcp.read(net.resolve("tcp7"))).isEmpty();
    }

    @Test
    void a_malformed_line_is_an_error_naming_the_file_the_line_and_the_fault() throws IOException {
        Files.writeString(net.resolve("tcp"), TCP.lines().findFirst().orElseThrow() + "\n"
                + "   0: 0100007F:95D7 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
                + "   1: 0100007F:95D7 0100007F:B6FE 0Z 00000000:00000000 03:0000176A 00000000     0        0 0 3\n");

        assertThatThrownBy(() -> ProcNetTcp.read(net.resolve("tcp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp line 3 is malformed")
                .hasMessageContaining("0Z");
    }

    @Test
    void an_unknown_state_code_and_a_short_line_are_errors_too() throws IOException {
        String header = TCP.lines().findFirst().orElseThrow() + "\n";
        Files.writeString(net.resolve("tcp"), header
                + "   0: 0100007F:95D7 00000000:0000 0C 00000000:00000000 00:00000000 00000000     0        0 1 1\n");
        assertThatThrownBy(() -> ProcNetTcp.read(net.resolve("tcp")))
                .hasMessageContaining("tcp line 2 is malformed").hasMessageContaining("0C");

        Files.writeString(net.resolve("tcp"), header + "   0: 0100007F:95D7 00000000:0000\n");
        assertThatThrownBy(() -> ProcNetTcp.read(net.resolve("tcp")))
                .hasMessageContaining("tcp line 2 is malformed").hasMessageContaining("at least 10 fields");

        Files.writeString(net.resolve("tcp"), header
                + "   0: 0100007F:95D7 0100:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n");
        assertThatThrownBy(() -> ProcNetTcp.read(net.resolve("tcp")))
                .hasMessageContaining("tcp line 2 is malformed").hasMessageContaining("hex digits");
    }

    @Test
    void a_file_without_the_header_is_not_a_socket_table() throws IOException {
        Files.writeString(net.resolve("tcp"), "hello\n");
        assertThatThrownBy(() -> ProcNetTcp.read(net.resolve("tcp"))).hasMessageContaining("tcp line 1 is malformed");
    }
}

package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validating toytcp without writing a test: its jar lists {@link ToyTcpStack} in
 * META-INF/services/dev.tcpspec.spi.SegmentStack, so {@code tcpspec run --stack toytcp} finds it.
 */
class ToyTcpCommandLineTest {
    record Outcome(int status, String out, String err) {
    }

    static Outcome tcpspec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void withItsBaselineToytcpPassesAndTheKnownDeviationsAreListed() {
        Outcome o = tcpspec("run", "--stack", "toytcp", "--baseline", "known-deviations.txt");
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("on toytcp (segment tier, as client and server)")
                .contains("KNOWN TW-2   [toytcp as client]", "KNOWN UD-1   [toytcp as server]")
                .contains("PASS  TW-2   [toytcp as server]")
                .contains("baseline known-deviations.txt: 6 accepted, 0 new, 0 fixed");
    }

    @Test
    void withoutItTheSameDeviationsFailTheRun() {
        Outcome o = tcpspec("run", "--stack", "toytcp", "--role", "client", "--spec", "TW-2", "--spec", "LG-*");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("(segment tier, as client)", "FAIL  TW-2", "FAIL  LG-2", "PASS  LG-1")
                .contains("TW-2 FAIL on toytcp as client", "3 specs: 1 pass, 2 fail");
    }
}

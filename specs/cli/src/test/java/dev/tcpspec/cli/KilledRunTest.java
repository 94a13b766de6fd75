package dev.tcpspec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run killed (SIGKILL) while it writes its report leaves every report file whole: the previous run's or the new
 * one, never half of one. The test starts {@code tcpspec run} in another JVM over a directory holding a complete
 * report, kills it the moment a temporary file appears (that is, in the middle of writing), and reads every file.
 */
class KilledRunTest {
    private static final int ATTEMPTS = 4;

    @Test
    void aRunKilledWhileWritingLeavesNoHalfWrittenReportFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        String[] args = {"run", "--mutant", "no-time-wait", "--traces", "all", "--out", out.toString()};
        assertThat(Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
                .isEqualTo(1);
        allWhole(out);
        int killedMidWrite = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && System.nanoTime() < deadline) {
                    if (temporaryFiles(out) > 0) {
                        p.destroyForcibly();
                        killedMidWrite++;
                        break;
                    }
                }
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            allWhole(out);
        }
        assertThat(killedMidWrite).as("runs killed while a report file was being written").isPositive();
        // the next run clears what a killed run left behind
        Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(temporaryFiles(out)).isZero();
        allWhole(out);
    }

    private static long temporaryFiles(Path out) {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a file vanished while we looked: it was renamed into place
        }
    }

    /** Every report file parses to its end. */
    private static void allWhole(Path out) throws Exception {
        new ObjectMapper().readTree(out.resolve("report.json").toFile());
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        assertThat(Files.readString(out.resolve("report.html"))).endsWith("</html>\n");
        assertThat(Files.readString(out.resolve("summary.md"))).startsWith("## ").endsWith(".\n");
        try (Stream<Path> pcaps = Files.list(out.resolve("pcap"))) {
            for (Path pcap : pcaps.filter(f -> f.toString().endsWith(".pcap")).toList()) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap));
                assertThat(b.getInt()).as(pcap.toString()).isEqualTo(0xa1b23c4d);
                b.position(24);
                while (b.hasRemaining()) {
                    b.position(b.position() + 8);
                    int len = b.getInt();
                    b.getInt();
                    assertThat(b.remaining()).as(pcap + ": a whole packet").isGreaterThanOrEqualTo(len);
                    b.position(b.position() + len);
                }
            }
        }
    }
}

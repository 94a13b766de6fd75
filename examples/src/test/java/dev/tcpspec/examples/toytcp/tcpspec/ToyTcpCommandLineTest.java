package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
                .contains("baseline known-deviations.txt: 40 accepted, 0 new, 0 fixed");
    }

    @Test
    void withoutItTheSameDeviationsFailTheRun() {
        Outcome o = tcpspec("run", "--stack", "toytcp", "--role", "client", "--spec", "TW-2", "--spec", "LG-*");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("(segment tier, as client)", "FAIL  TW-2", "FAIL  LG-2", "PASS  LG-1")
                .contains("TW-2 FAIL on toytcp as client", "6 specs: 1 pass, 5 fail");
    }

    @Test
    void theRunnableJarFindsToytcpInTheJarsOfClasspath() throws Exception {
        Path jar = Path.of("..", "specs", "target", "tcpspec.jar");
        assumeTrue(Files.exists(jar) && !olderThanItsClasses(jar),
                "needs an up-to-date specs/target/tcpspec.jar, which the package phase of `mvn verify` builds");
        String classpath = "target/classes" + File.pathSeparator + "target/test-classes";
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "run", "--classpath", classpath,
                "--stack", "toytcp", "--baseline", "known-deviations.txt").redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("tcpspec finished within 2 minutes").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            int specs = 2 * dev.tcpspec.specs.Catalog.all().size();
            assertThat(out).contains(specs + " specs: " + (specs - 40) + " pass, 40 fail",
                    "baseline known-deviations.txt: 40 accepted, 0 new");
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean olderThanItsClasses(Path jar) throws IOException {
        FileTime built = Files.getLastModifiedTime(jar);
        // the jar is the command line's (specs/cli) with the catalog and the base classes inside
        for (String module : new String[]{"catalog", "conformance", "cli"}) {
            Path dir = Path.of("..", "specs", module, "target", "classes");
            if (!Files.isDirectory(dir)) return true;
            try (Stream<Path> classes = Files.walk(dir)) {
                boolean newer = classes.anyMatch(c -> {
                    try {
                        return Files.getLastModifiedTime(c).compareTo(built) > 0;
                    } catch (IOException e) {
                        return true;
                    }
                });
                if (newer) return true;
            }
        }
        return false;
    }
}

package dev.tcpspec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.StackAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static dev.tcpspec.cli.RunCommandTest.tcpspec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stacks from outside: adapter classes compiled here with javax.tools against tcpspec's SPI, put in a jar of their
 * own, and run against the catalog through the command line, by class ({@code --stack-class}) and by name through
 * META-INF/services ({@code --stack}). Bad classes, paths and baselines exit 2 with a message that says what is wrong.
 */
class ThirdPartyStackTest {
    @TempDir
    static Path dir;
    static Path jar;

    private static final Map<String, String> SOURCES = Map.of(
            // a socket-tier adapter: the reference stack under another name
            "com/example/MyStack.java", """
                    package com.example;
                    public final class MyStack implements dev.tcpspec.spi.StackAdapter {
                        private final dev.tcpspec.spi.StackAdapter inner = dev.tcpspec.sim.Stacks.simulated();
                        public String name() { return "mystack"; }
                        public dev.tcpspec.dsl.Capabilities capabilities() { return inner.capabilities(); }
                        public java.time.Duration tolerance() { return inner.tolerance(); }
                        public dev.tcpspec.spi.StackSession open(dev.tcpspec.spi.SessionSettings s) throws Exception {
                            return inner.open(s);
                        }
                    }
                    """,
            // found through META-INF/services: a stack whose TIME_WAIT is one MSL short
            "com/example/ShortTimeWaitStack.java", """
                    package com.example;
                    import dev.tcpspec.sim.Mutant;
                    public final class ShortTimeWaitStack implements dev.tcpspec.spi.StackAdapter {
                        private final dev.tcpspec.spi.StackAdapter inner =
                                dev.tcpspec.sim.Stacks.simulated(Mutant.SHORT_TIME_WAIT);
                        public String name() { return "shorttw"; }
                        public dev.tcpspec.dsl.Capabilities capabilities() { return inner.capabilities(); }
                        public java.time.Duration tolerance() { return inner.tolerance(); }
                        public dev.tcpspec.spi.StackSession open(dev.tcpspec.spi.SessionSettings s) throws Exception {
                            return inner.open(s);
                        }
                    }
                    """,
            // a segment-tier stack that never answers: every spec errors, and the run goes on
            "com/example/DeafStack.java", """
                    package com.example;
                    import dev.tcpspec.dsl.SocketOptions;
                    import dev.tcpspec.spi.*;
                    import dev.tcpspec.trace.*;
                    import java.util.*;
                    public final class DeafStack implements SegmentStack {
                        public String name() { return "deaf"; }
                        public SegmentHost newHost(HostContext context) {
                            return new SegmentHost() {
                                public void receive(Segment s, long now) { }
                                public void wake(long now) { }
                                public List<Segment> pollOutgoing() { return List.of(); }
                                public long nextWakeup() { return NEVER; }
                                public AppOutcome listen(int port, SocketOptions o) { return AppOutcome.OK; }
                                public AppOutcome closeListener(int port) { return AppOutcome.OK; }
                                public Opening connect(int port, SocketOptions o) { return Opening.failed(AppOutcome.ADDRESS_NOT_AVAILABLE); }
                                public Optional<SegmentConnection> accept(int port) { return Optional.empty(); }
                            };
                        }
                    }
                    """,
            "com/example/NotAStack.java", """
                    package com.example;
                    public final class NotAStack { }
                    """,
            "com/example/NoDefaultConstructor.java", """
                    package com.example;
                    public final class NoDefaultConstructor implements dev.tcpspec.spi.StackAdapter {
                        public NoDefaultConstructor(String config) { }
                        public String name() { return "x"; }
                        public dev.tcpspec.dsl.Capabilities capabilities() { return null; }
                        public java.time.Duration tolerance() { return null; }
                        public dev.tcpspec.spi.StackSession open(dev.tcpspec.spi.SessionSettings s) { return null; }
                    }
                    """,
            "com/example/FailingConstructor.java", """
                    package com.example;
                    public final class FailingConstructor implements dev.tcpspec.spi.SegmentStack {
                        public FailingConstructor() { throw new IllegalStateException("no licence key"); }
                        public String name() { return "x"; }
                        public dev.tcpspec.spi.SegmentHost newHost(dev.tcpspec.spi.HostContext c) { return null; }
                    }
                    """);

    @BeforeAll
    static void compileStacksIntoAJarOfTheirOwn() throws Exception {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-classpath",
                codeSource(StackAdapter.class) + File.pathSeparator + codeSource(dev.tcpspec.dsl.Spec.class)
                + File.pathSeparator + codeSource(Stacks.class)));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        jar = dir.resolve("mystacks.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                add(out, classes.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
            add(out, "META-INF/services/dev.tcpspec.spi.StackAdapter",
                    "# a comment\ncom.example.ShortTimeWaitStack\n".getBytes(StandardCharsets.UTF_8));
            add(out, "META-INF/services/dev.tcpspec.spi.SegmentStack",
                    "com.example.DeafStack\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aSocketTierAdapterNamedByClassRunsTheCatalog() throws Exception {
        Path json = dir.resolve("mystack.json");
        RunCommandTest.Outcome o = tcpspec("run", "--stack-class", "com.example.MyStack", "--classpath",
                jar.toString(), "--json", json.toString());
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        int n = dev.tcpspec.specs.Catalog.all().size();
        assertThat(o.out()).contains(n + " spec(s) on mystack, profile rfc9293", "PASS  TW-2", n + " specs: " + n + " pass");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("stack").asText()).isEqualTo("mystack");
        assertThat(root.get("results").get(0).get("stack").asText()).isEqualTo("mystack");
        assertThat(root.get("results").get(0).has("role")).isFalse();
    }

    @Test
    void stacksListedInMetaInfServicesAreFoundByName() {
        RunCommandTest.Outcome o = tcpspec("run", "--classpath", jar.toString(), "--stack", "shorttw");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("on shorttw", "FAIL  TW-2", "TW-2 FAIL on shorttw");
        RunCommandTest.Outcome unknown = tcpspec("run", "--classpath", jar.toString(), "--stack", "nope");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown stack 'nope'; valid stacks: sim, os, lwip, gvisor, shorttw, deaf");
    }

    @Test
    void aBaselineAcceptsTheKnownDeviationAndFlagsOnesThatNoLongerHappen() throws Exception {
        Path baseline = dir.resolve("known.txt");
        Files.writeString(baseline, "TW-2  our TIME_WAIT is one MSL\nTW-3  so a re-ACK restarts only one MSL\n");
        Path json = dir.resolve("shorttw.json");
        // the TIME_WAIT length rules (a short TIME_WAIT also fails OC-10, SC-3, TW-9, ... of the whole catalog)
        String[] selection = {"--spec", "TW-1", "--spec", "TW-2", "--spec", "TW-3", "--spec", "TW-4"};
        RunCommandTest.Outcome o = tcpspec(concat(new String[]{"run", "--classpath", jar.toString(), "--stack",
                "shorttw", "--baseline", baseline.toString(), "--json", json.toString()}, selection));
        assertThat(o.status()).as(o.out()).isZero();
        assertThat(o.out()).contains("KNOWN TW-2", "KNOWN TW-3", "baseline known.txt: 2 accepted, 0 new, 0 fixed")
                .doesNotContain("TW-2 FAIL on shorttw");
        List<String> standings = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile()).get("results")) {
            if (r.has("baseline")) standings.add(r.get("id").asText() + " " + r.get("baseline").asText());
        }
        assertThat(standings).containsExactly("TW-2 accepted", "TW-3 accepted");
        RunCommandTest.Outcome fixed = tcpspec(concat(new String[]{"run", "--stack-class", "com.example.MyStack",
                "--classpath", jar.toString(), "--baseline", baseline.toString()}, selection));
        assertThat(fixed.status()).isEqualTo(1);
        assertThat(fixed.out()).contains("PASS  TW-2", "baseline known.txt: 0 accepted, 0 new, 2 fixed",
                "remove TW-2 (known.txt:1): it passes now", "remove TW-3 (known.txt:2): it passes now");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aSegmentTierStackRunsInBothRolesAndItsErrorsDoNotStopTheRun() throws Exception {
        Path json = dir.resolve("deaf.json");
        RunCommandTest.Outcome o = tcpspec("run", "--classpath", jar.toString(), "--stack", "deaf", "--spec", "OC-5",
                "--spec", "OC-7", "--json", json.toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("2 spec(s) on deaf (segment tier, as client and server)")
                .contains("ERROR OC-5   [deaf as client] ", "(setup failed: the client's connect() returned Cannot "
                        + "assign requested address)")
                .contains("ERROR OC-7   [deaf as server] ", "(setup failed: the client's connect() returned still "
                        + "blocked)")
                .contains("4 specs: 0 pass, 0 fail, 0 not applicable, 4 error");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode results = root.get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("stack").asText()).isEqualTo("deaf as client");
        assertThat(results.get(3).get("stack").asText()).isEqualTo("deaf as server");
        assertThat(root.get("runs")).extracting(r -> r.get("stack").asText())
                .containsExactly("deaf as client", "deaf as server");
        RunCommandTest.Outcome serverOnly = tcpspec("run", "--classpath", jar.toString(), "--stack-class",
                "com.example.DeafStack", "--role", "server", "--spec", "OC-5");
        assertThat(serverOnly.out()).contains("(segment tier, as server)", "1 specs: 0 pass, 0 fail, 0 not applicable, 1 error");
    }

    @Test
    void badStackClassesAndPathsExitTwoSayingWhatIsWrong() {
        String cp = jar.toString();
        assertThat(usageError("--stack-class", "com.example.Nope", "--classpath", cp))
                .contains("class 'com.example.Nope' not found in --classpath " + cp);
        assertThat(usageError("--stack-class", "com.example.Nope"))
                .contains("class 'com.example.Nope' not found on tcpspec's classpath; give its jar or directory with "
                        + "--classpath");
        assertThat(usageError("--stack-class", "com.example.NotAStack", "--classpath", cp))
                .contains("com.example.NotAStack is neither a dev.tcpspec.spi.StackAdapter (socket tier) nor a "
                        + "dev.tcpspec.spi.SegmentStack (segment tier)");
        assertThat(usageError("--stack-class", "com.example.NoDefaultConstructor", "--classpath", cp))
                .contains("com.example.NoDefaultConstructor needs a public no-argument constructor");
        assertThat(usageError("--stack-class", "com.example.FailingConstructor", "--classpath", cp))
                .contains("creating com.example.FailingConstructor failed: java.lang.IllegalStateException: no "
                        + "licence key");
        assertThat(usageError("--stack-class", "com.example.MyStack", "--classpath", dir.resolve("gone.jar").toString()))
                .contains("--classpath entry '" + dir.resolve("gone.jar") + "' does not exist");
        assertThat(usageError("--stack", "sim", "--stack-class", "com.example.MyStack", "--classpath", cp))
                .contains("give --stack or --stack-class, not both");
        assertThat(usageError("--stack-class", "com.example.MyStack", "--classpath", cp, "--role", "client"))
                .contains("--role places a segment-tier stack as client or server; mystack is a socket-tier adapter");
        assertThat(usageError("--stack", "deaf", "--classpath", cp, "--role", "peer"))
                .contains("unknown role 'peer'; valid roles: client, server, both");
        assertThat(usageError("--stack-class", "com.example.MyStack", "--classpath", cp, "--mutant", "no-time-wait"))
                .contains("--mutant plants deviations in the reference stack; it needs --stack sim, not --stack-class "
                        + "com.example.MyStack");
    }

    @Test
    void aBadBaselineExitsTwoNamingTheLine() throws Exception {
        Path baseline = dir.resolve("bad.txt");
        Files.writeString(baseline, "# ok\nTW-2 fine\nTW-77 no such spec\n");
        assertThat(usageError("--baseline", baseline.toString()))
                .contains("bad.txt:3: 'TW-77' is not the id of a spec in the catalog; valid ids: HS-1, HS-2, HS-2.listener");
        assertThat(usageError("--baseline", dir.resolve("none.txt").toString()))
                .contains("baseline file " + dir.resolve("none.txt") + " does not exist");
    }

    private static String usageError(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        RunCommandTest.Outcome o = tcpspec(args);
        assertThat(o.status()).as("exit status of tcpspec %s: %s", String.join(" ", args), o.err()).isEqualTo(2);
        return o.err();
    }
}

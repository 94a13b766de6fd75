package dev.tcpspec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpspec.specs.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** tcpspec run --out / --format / --shard / --traces, and tcpspec merge. */
class ReportOptionsTest {
    record Outcome(int status, String out, String err) {
    }

    static Outcome tcpspec(String... args) {
        return tcpspec(false, args);
    }

    static Outcome tcpspec(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err), terminal);
        return new Outcome(status, out.toString(), err.toString());
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void outWritesTheFiveKindsOfFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        Outcome o = tcpspec("run", "--mutant", "no-time-wait", "--out", out.toString(), "--spec", "OC-5", "--spec",
                "TW-1", "--spec", "TW-2", "--spec", "TW-3", "--spec", "TW-4");
        assertThat(o.status()).isEqualTo(1);
        assertThat(files(out)).containsExactly("junit.xml", "pcap/TW-1.pcap", "pcap/TW-2.pcap", "pcap/TW-3.pcap",
                "pcap/TW-4.pcap", "report.html", "report.json", "summary.md");
        assertThat(o.out()).contains("wrote " + out + ": report.json, junit.xml, summary.md, report.html, 4 pcap files")
                .contains("open file:");
        assertThat(o.out()).as("the plain line per spec stays").contains("FAIL  TW-2 ").contains("PASS  OC-5 ")
                .doesNotContain("\033[");
        JsonNode root = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(root.get("mutant").asText()).isEqualTo("no-time-wait");
        assertThat(root.get("results").get(2).get("trace").get("events").size()).isPositive();
        assertThat(Files.readString(out.resolve("summary.md"))).contains("### Failures (4)");
    }

    @Test
    void formatPicksTheFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        assertThat(tcpspec("run", "--spec", "TW-*", "--out", out.toString(), "--format", "json,md").status()).isZero();
        assertThat(files(out)).containsExactly("report.json", "summary.md");
    }

    @Test
    void tracesAllKeepsEveryTraceAndCapture(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        assertThat(tcpspec("run", "--spec", "LG-*", "--out", out.toString(), "--traces", "all").status()).isZero();
        assertThat(files(out)).contains("pcap/LG-1.pcap", "pcap/LG-2.pcap");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<summary>ladder diagram</summary>");
    }

    @Test
    void badReportOptionsExitTwoNamingTheValueAndTheChoices(@TempDir Path dir) {
        Outcome format = tcpspec("run", "--out", dir.toString(), "--format", "json,pdf");
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).contains("unknown report format 'pdf'; valid formats: json, junit, md, html, pcap");
        Outcome noOut = tcpspec("run", "--format", "json");
        assertThat(noOut.status()).isEqualTo(2);
        assertThat(noOut.err()).contains("--format chooses the files that --out writes; give --out DIR as well");
        for (String bad : List.of("0/2", "3/2", "x", "1/0", "2")) {
            Outcome shard = tcpspec("run", "--shard", bad);
            assertThat(shard.status()).as(bad).isEqualTo(2);
            assertThat(shard.err()).as(bad).contains("invalid shard '" + bad + "'").contains("e.g. 2/4");
        }
        Outcome traces = tcpspec("run", "--traces", "some");
        assertThat(traces.status()).isEqualTo(2);
        assertThat(traces.err()).contains("unknown value 'some' for --traces; valid values: failing, all");
    }

    /** The report files with what differs between runs of the same seed (wall-clock times, shard labels) removed. */
    private static String normalized(Path dir, String file) throws IOException {
        String text = Files.readString(dir.resolve(file));
        return switch (file) {
            case "report.json" -> {
                ObjectNode root = (ObjectNode) new ObjectMapper().readTree(text);
                root.get("results").forEach(r -> ((ObjectNode) r).put("wallMillis", 0));
                root.get("runs").forEach(r -> ((ObjectNode) r).putNull("shard"));
                yield root.toPrettyString();
            }
            case "junit.xml" -> text.replaceAll("time=\"[0-9.]+\"", "time=\"\"")
                    .replaceAll("<property name=\"shard\" value=\"[^\"]*\"/>\\s*", "");
            case "report.html" -> text.replaceAll("\\d+ ms to run", "ms to run");
            default -> text;
        };
    }

    @Test
    void thePortExhaustionTraceGoesToASideFileAndAMergeCarriesItOver(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path json = dir.resolve("lone.json");
        Outcome o = tcpspec("run", "--mutant", "no-time-wait", "--profile", "linux", "--spec", "TW-10", "--out",
                out.toString(), "--json", json.toString());
        assertThat(o.status()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("1 pcap file, 1 trace side file (too long for report.json)");
        assertThat(files(out)).containsExactly("junit.xml", "pcap/TW-10.pcap", "report.html", "report.json",
                "summary.md", "traces/TW-10.json.gz");
        assertThat(Files.size(out.resolve("report.json"))).as("850,000 events are not inlined").isLessThan(100_000);
        JsonNode tw10 = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("results").get(0);
        assertThat(tw10.get("traceFile").asText()).isEqualTo("traces/TW-10.json.gz");
        assertThat(tw10.get("traceEvents").asInt()).isGreaterThan(500_000);
        JsonNode lone = new ObjectMapper().readTree(json.toFile()).get("results").get(0);
        assertThat(lone.get("traceOmitted").asText()).contains("a report directory (--out DIR) keeps it");
        assertThat(Files.size(json)).isLessThan(100_000);

        Path merged = dir.resolve("merged");
        assertThat(tcpspec("merge", out.toString(), "--out", merged.toString()).status()).isEqualTo(1);
        for (String f : List.of("traces/TW-10.json.gz", "pcap/TW-10.pcap")) {
            assertThat(Files.readAllBytes(merged.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out.resolve(f)));
        }
    }

    @Test
    void twoShardsMergedEqualOneUnshardedRun(@TempDir Path dir) throws Exception {
        for (String mutant : List.of("none", "no-time-wait")) {
            List<String> common = new ArrayList<>(List.of("run", "--seed", "7"));
            if (!mutant.equals("none")) common.addAll(List.of("--mutant", mutant));
            Path whole = dir.resolve(mutant + "-whole");
            Path one = dir.resolve(mutant + "-1");
            Path two = dir.resolve(mutant + "-2");
            Path merged = dir.resolve(mutant + "-merged");
            tcpspec(with(common, "--out", whole.toString()));
            Outcome first = tcpspec(with(common, "--out", one.toString(), "--shard", "1/2"));
            Outcome second = tcpspec(with(common, "--out", two.toString(), "--shard", "2/2"));
            int size = Catalog.all().size();
            assertThat(first.out()).contains("shard 1/2 of " + size);
            JsonNode a = new ObjectMapper().readTree(one.resolve("report.json").toFile());
            JsonNode b = new ObjectMapper().readTree(two.resolve("report.json").toFile());
            assertThat(a.get("results").size() + b.get("results").size()).isEqualTo(size);
            assertThat(a.get("results").size()).isBetween(size / 2, size - size / 2);
            assertThat(a.get("runs").get(0).get("shard").asText()).isEqualTo("1/2");

            Outcome m = tcpspec("merge", two.toString(), one.toString(), "--out", merged.toString());
            assertThat(m.status()).as(m.out() + m.err()).isEqualTo(mutant.equals("none") ? 0 : 1);
            assertThat(m.out()).contains("merged 2 report(s) into 1 run(s)");
            assertThat(files(merged)).isEqualTo(files(whole));
            List<String> texts = List.of("report.json", "junit.xml", "summary.md", "report.html");
            for (String f : texts) {
                assertThat(normalized(merged, f)).as(mutant + ": " + f).isEqualTo(normalized(whole, f));
            }
            for (String f : files(whole)) { // captures and trace side files
                if (!texts.contains(f)) {
                    assertThat(Files.readAllBytes(merged.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
                }
            }
            List<String> digestsWhole = digests(whole);
            assertThat(digests(merged)).isEqualTo(digestsWhole).doesNotContainNull();
        }
    }

    private static String[] with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<String> digests(Path dir) throws IOException {
        List<String> d = new ArrayList<>();
        new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("results")
                .forEach(r -> d.add(r.get("id").asText() + "=" + r.get("traceDigest").asText()));
        return d;
    }

    @Test
    void mergeOfRunsOnTwoProfilesGivesTwoColumns(@TempDir Path dir) throws Exception {
        Path rfc = dir.resolve("rfc");
        Path linux = dir.resolve("linux");
        tcpspec("run", "--profile", "rfc9293", "--out", rfc.toString());
        tcpspec("run", "--profile", "linux", "--out", linux.toString());
        Path merged = dir.resolve("merged");
        Outcome m = tcpspec("merge", rfc.toString(), linux.resolve("report.json").toString(), "--out", merged.toString());
        assertThat(m.status()).as(m.out() + m.err()).isZero();
        assertThat(m.out()).contains("into 2 run(s)").contains("sim · linux · seed 1: " + Catalog.all().size() + " specs");
        String html = Files.readString(merged.resolve("report.html"));
        assertThat(html).contains("<th class=\"col\" title=\"sim · rfc9293 · seed 1\">rfc9293</th>")
                .contains("<th class=\"col\" title=\"sim · linux · seed 1\">linux</th>");
        JsonNode root = new ObjectMapper().readTree(merged.resolve("report.json").toFile());
        assertThat(root.get("profile").asText()).isEqualTo("rfc9293,linux");
        assertThat(root.get("runs").size()).isEqualTo(2);
    }

    @Test
    void mergeComplainsClearly(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one");
        tcpspec("run", "--shard", "1/3", "--out", one.toString());
        Outcome missingDir = tcpspec("merge", dir.resolve("nope").toString(), "--out", dir.resolve("m").toString());
        assertThat(missingDir.status()).isEqualTo(2);
        assertThat(missingDir.err()).contains("nope does not exist");
        Outcome twice = tcpspec("merge", one.toString(), one.toString(), "--out", dir.resolve("m").toString());
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains("shard 1/3 of sim · rfc9293 · seed 1 is given twice");
        Outcome noOut = tcpspec("merge", one.toString());
        assertThat(noOut.status()).isEqualTo(2);
        assertThat(noOut.err()).contains("Missing required option: '--out=DIR'");
        Outcome partial = tcpspec("merge", one.toString(), "--out", dir.resolve("m").toString());
        assertThat(partial.status()).as("an incomplete merge is not a pass").isEqualTo(1);
        assertThat(partial.out()).contains("warning: incomplete: shards 2/3, 3/3 missing");
        assertThat(Files.readString(dir.resolve("m/report.html"))).contains("incomplete: shards 2/3, 3/3 missing");
    }

    @Test
    void onATerminalAStatusLineIsRedrawnUnderTheResults() {
        Outcome o = tcpspec(true, "run", "--spec", "TW-1", "--spec", "TW-2", "--spec", "TW-3", "--spec", "TW-4",
                "--mutant", "short-time-wait");
        assertThat(o.out()).contains("\r\033[K").contains("] 4/4").contains("running TW-")
                .contains("\033[1;31mFAIL \033[0m TW-2 ");
        assertThat(o.out()).contains("mutant short-time-wait killed by TW-2");
    }
}

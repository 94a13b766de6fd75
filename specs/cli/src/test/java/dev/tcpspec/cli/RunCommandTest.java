package dev.tcpspec.cli;

import dev.tcpspec.run.SpecRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line contract of DESIGN.md: output, exit status, --json. */
class RunCommandTest {
    record Outcome(int status, String out, String err) {
    }

    static Outcome tcpspec(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9293", "linux"})
    void theCatalogPassesAndTheJsonListsEverySpec(String profile, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Outcome o = tcpspec("run", "--profile", profile, "--json", json.toString());
        assertThat(o.status()).as(o.out()).isZero();
        int n = dev.tcpspec.specs.Catalog.all().size();
        // a spec whose rule the profile does not have (OC-9.karn: Karn's rule binds only without timestamps)
        List<String> notUnder = dev.tcpspec.specs.Catalog.all().specs().stream()
                .filter(s -> s.notApplicableUnder(dev.tcpspec.dsl.Profile.named(profile)).isPresent())
                .map(dev.tcpspec.dsl.Spec::id).toList();
        int pass = n - notUnder.size();
        assertThat(o.out()).contains("PASS  TW-2").contains(n + " specs: " + pass + " pass, 0 fail, " + notUnder.size()
                + " not applicable").contains("(seed 1)");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("tool").asText()).isEqualTo("tcpspec");
        assertThat(root.get("version").asText()).isEqualTo("0.1.0");
        assertThat(root.get("stack").asText()).isEqualTo("sim");
        assertThat(root.get("profile").asText()).isEqualTo(profile);
        assertThat(root.get("mutant").isNull()).isTrue();
        assertThat(root.get("seed").asLong()).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            ids.add(r.get("id").asText());
            if (notUnder.contains(r.get("id").asText())) {
                assertThat(r.get("verdict").asText()).isEqualTo("NOT_APPLICABLE");
                continue;
            }
            assertThat(r.get("verdict").asText()).isEqualTo("PASS");
            assertThat(r.get("partial").asBoolean()).isFalse();
            assertThat(r.get("traceDigest").asText()).hasSize(64);
            assertThat(r.has("title") && r.has("strength") && r.has("message") && r.has("virtualMillis")
                    && r.has("wallMillis")).isTrue();
        }
        assertThat(ids).containsExactlyElementsOf(dev.tcpspec.specs.Catalog.all().specs().stream()
                .map(dev.tcpspec.dsl.Spec::id).toList());
        assertThat(root.get("summary").get("pass").asInt()).isEqualTo(pass);
        assertThat(root.get("summary").get("partial").asInt()).isZero();
    }

    @Test
    void twoRunsWithTheSameSeedGiveTheSameDigests(@TempDir Path dir) throws Exception {
        tcpspec("run", "--seed", "7", "--json", dir.resolve("a.json").toString());
        tcpspec("run", "--seed", "7", "--json", dir.resolve("b.json").toString());
        tcpspec("run", "--seed", "8", "--json", dir.resolve("c.json").toString());
        ObjectMapper m = new ObjectMapper();
        List<String> a = digests(m.readTree(dir.resolve("a.json").toFile()));
        assertThat(digests(m.readTree(dir.resolve("b.json").toFile()))).isEqualTo(a);
        assertThat(digests(m.readTree(dir.resolve("c.json").toFile()))).isNotEqualTo(a);
    }

    private static List<String> digests(JsonNode root) {
        List<String> d = new ArrayList<>();
        root.get("results").forEach(r -> d.add(r.get("traceDigest").asText()));
        return d;
    }

    @Test
    void aMutantRunExitsOneAndNamesTheKillers(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("m.json");
        Outcome o = tcpspec("run", "--mutant", "short-time-wait", "--json", json.toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL  TW-2").containsPattern("mutant short-time-wait killed by [^\\n]*TW-2")
                .contains("[FAIL] client holds TIME_WAIT for at least 2×MSL (240 s)")
                .contains("but client left TIME_WAIT for CLOSED (TIME_WAIT timer expired) 120 s after entering it");
        assertThat(new ObjectMapper().readTree(json.toFile()).get("mutant").asText()).isEqualTo("short-time-wait");
    }

    @Test
    void aMutantThatCannotShowUnderTheDefaultProfileRunsWhereItCan() {
        // rfc9293 has no orphaned FIN_WAIT_2 timer, so a deviation of that timer can only be caught under linux
        Outcome o = tcpspec("run", "--mutant", "orphan-fin-wait-2-never-times-out", "--spec", "OC-11*");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("profile linux").contains("mutant orphan-fin-wait-2-never-times-out killed by OC-11");
        Outcome refused = tcpspec("run", "--mutant", "orphan-fin-wait-2-never-times-out", "--profile", "rfc9293");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("mutant orphan-fin-wait-2-never-times-out cannot show under profile rfc9293",
                "it can under: linux");
    }

    @Test
    void listMutantsDescribesEach() {
        Outcome o = tcpspec("run", "--list-mutants");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("no-time-wait", "short-time-wait", "linger-zero-sends-fin",
                "no-reack-in-time-wait", "close-wait-autoclose", "unread-close-sends-fin");
        for (dev.tcpspec.sim.Mutant m : dev.tcpspec.sim.Mutant.values()) {
            assertThat(o.out()).containsPattern(java.util.regex.Pattern.quote(m.label()) + " +"
                    + java.util.regex.Pattern.quote(m.rule()) + " +" + java.util.regex.Pattern.quote(m.description()));
        }
    }

    @Test
    void mutantAllPrintsTheKillMatrixAndExitsOneWhenSomeMutantSurvives() {
        Outcome o = tcpspec("run", "--mutant", "all", "--spec", "TW-2", "--spec", "LG-2");
        assertThat(o.status()).as(o.out()).isEqualTo(1);
        assertThat(o.out()).contains("kill matrix: 2 specs x " + dev.tcpspec.sim.Mutant.values().length + " mutants")
                .containsPattern("TW-2 +[.X -E]+\\n")
                .contains("short-time-wait", "killed by TW-2")
                .contains("linger-zero-sends-fin", "killed by LG-2")
                .contains("SURVIVED");
    }

    @Test
    void mutantAllRefusesJsonAndOtherStacks() {
        Outcome o = tcpspec("run", "--mutant", "all", "--json", "x.json");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--mutant all makes one per mutant");
        Outcome os = tcpspec("run", "--mutant", "all", "--stack", "os");
        assertThat(os.status()).isEqualTo(2);
    }

    @Test
    void badValuesExitTwoNamingTheValueAndTheChoices() {
        Outcome spec = tcpspec("run", "--spec", "NOPE");
        assertThat(spec.status()).isEqualTo(2);
        assertThat(spec.err()).contains("no spec matches 'NOPE'; valid ids: HS-1, HS-2, HS-2.listener");
        Outcome profile = tcpspec("run", "--profile", "nope");
        assertThat(profile.status()).isEqualTo(2);
        assertThat(profile.err()).contains("unknown profile 'nope'; valid profiles: rfc9293, linux");
        Outcome mutant = tcpspec("run", "--mutant", "nope");
        assertThat(mutant.status()).isEqualTo(2);
        assertThat(mutant.err()).contains("unknown mutant 'nope'; valid mutants: fin-takes-no-sequence-number, ")
                .contains("no-time-wait, short-time-wait").contains(", or all");
        Outcome stack = tcpspec("run", "--stack", "nope");
        assertThat(stack.status()).isEqualTo(2);
        assertThat(stack.err()).contains("unknown stack 'nope'; valid stacks: sim");
        assertThat(tcpspec("run", "--seed", "x").status()).isEqualTo(2);
    }

    @Test
    void specsAreSelectedByIdOrGlob() {
        Outcome o = tcpspec("run", "--spec", "TW-?", "--spec", "LG-2");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("10 spec(s) on sim").contains("PASS  LG-2").doesNotContain("CW-1")
                .doesNotContain("TW-10");
    }

    @Test
    void aReportTargetThatCannotBeWrittenIsRefusedBeforeTheRun(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Outcome outIsAFile = tcpspec("run", "--spec", "TW-2", "--out", file.toString());
        assertThat(outIsAFile.status()).isEqualTo(2);
        assertThat(outIsAFile.err()).contains("--out " + file + ": " + file + " is a file, not a directory")
                .doesNotContain("Exception");
        assertThat(outIsAFile.out()).as("nothing ran").doesNotContain("PASS");
        Outcome underAFile = tcpspec("run", "--spec", "TW-2", "--out", file.resolve("sub").toString());
        assertThat(underAFile.status()).isEqualTo(2);
        assertThat(underAFile.err()).contains("cannot create " + file.resolve("sub") + ": " + file + " is a file");
        Outcome jsonIsADirectory = tcpspec("run", "--spec", "TW-2", "--json", dir.toString());
        assertThat(jsonIsADirectory.status()).isEqualTo(2);
        assertThat(jsonIsADirectory.err()).contains("--json " + dir + ": " + dir + " is a directory, not a file");
        Outcome jsonUnderAFile = tcpspec("run", "--spec", "TW-2", "--json", file.resolve("r.json").toString());
        assertThat(jsonUnderAFile.status()).isEqualTo(2);
        assertThat(jsonUnderAFile.err()).contains(file + " is a file, not a directory");
        Outcome fine = tcpspec("run", "--spec", "TW-2", "--json", dir.resolve("new/r.json").toString(), "--out",
                dir.resolve("new/report").toString());
        assertThat(fine.status()).as(fine.out() + fine.err()).isZero();
        assertThat(dir.resolve("new/r.json")).exists();
    }

    @Test
    void aBinaryBaselineIsRefusedWithAClearMessage(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("report.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            out.write("{\"tool\":\"tcpspec\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Outcome o = tcpspec("run", "--spec", "TW-2", "--baseline", gz.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("baseline file " + gz + " is not a text file: ")
                .contains("a baseline is UTF-8 text, one 'ID[@role] reason' per line");
    }

    @Test
    void aPartiallyJudgedSpecIsNotAPlainPassOnTheLine() {
        dev.tcpspec.run.SpecResult partial = SpecRunner.run(dev.tcpspec.specs.Catalog.all().get("LG-2"),
                new dev.tcpspec.specs.NoCaptureStack(dev.tcpspec.sim.Stacks.simulated()));
        String line = Progress.line(partial, false);
        assertThat(line).startsWith("PART  LG-2").contains("partially judged: 2 of 4 expectations (not judged: "
                + "needs to observe segments on the wire (SEGMENT_OBSERVATION)");
    }
}

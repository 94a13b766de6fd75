package dev.tcpspec.run;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.junit.ConformanceTests;
import dev.tcpspec.trace.Side;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The known-deviations file: its format, its errors, and how a run is judged against it. */
class KnownDeviationsTest {
    private static final List<String> IDS = List.of("TW-1", "TW-2", "LG-2", "UD-1");

    private static KnownDeviations parse(String text) {
        return KnownDeviations.parse("known.txt", text, IDS);
    }

    @Test
    void entriesHaveAnIdAnOptionalRoleAndAReason() {
        KnownDeviations k = parse("""
                # comment, then a blank line

                TW-2@client   no TIME_WAIT: frees the connection at once
                LG-2\tno SO_LINGER
                  UD-1@SERVER  close() with unread data sends FIN  \s
                """);
        assertThat(k.entries()).extracting(KnownDeviations.Entry::key)
                .containsExactly("TW-2@client", "LG-2", "UD-1@server");
        KnownDeviations.Entry tw2 = k.entries().get(0);
        assertThat(tw2.reason()).isEqualTo("no TIME_WAIT: frees the connection at once");
        assertThat(tw2.where()).isEqualTo("known.txt:3");
        assertThat(k.entries().get(2).reason()).isEqualTo("close() with unread data sends FIN");
        assertThat(k.entryFor("TW-2", Side.CLIENT)).contains(tw2);
        assertThat(k.entryFor("TW-2", Side.SERVER)).isEmpty();
        assertThat(k.entryFor("TW-2", null)).isEmpty();
        assertThat(k.entryFor("LG-2", Side.SERVER)).isPresent();
        assertThat(k.entryFor("LG-2", null)).isPresent();
        assertThat(parse("").isEmpty()).isTrue();
    }

    @Test
    void aBadLineIsAnErrorNamingTheFileTheLineAndWhatIsWrong() {
        assertThatThrownBy(() -> parse("TW-2 ok\nTW-99 no such rule\n"))
                .hasMessage("known.txt:2: 'TW-99' is not the id of a spec in the catalog; valid ids: TW-1, TW-2, "
                        + "LG-2, UD-1");
        assertThatThrownBy(() -> parse("\n\nTW-2@client"))
                .hasMessageStartingWith("known.txt:3: no reason given for TW-2@client; write the id, then why");
        assertThatThrownBy(() -> parse("TW-2@peer why"))
                .hasMessage("known.txt:1: unknown role 'peer' in 'TW-2@peer'; a role is client or server (the end a "
                        + "segment-tier stack plays)");
        assertThatThrownBy(() -> parse("TW-2 a\n# x\nTW-2 b"))
                .hasMessage("known.txt:3: TW-2 is listed twice (first on line 1)");
        assertThatThrownBy(() -> parse("TW-2@client a\nTW-2 b"))
                .hasMessage("known.txt:2: TW-2@client and TW-2 overlap (line 1): TW-2 already covers every role");
        assertThatThrownBy(() -> parse("TW-* all of them"))
                .hasMessage("known.txt:1: 'TW-*' is a pattern; a baseline lists each deviating spec by its id");
        // the same spec in both roles is two entries, not a duplicate
        assertThat(parse("TW-2@client a\nTW-2@server b").entries()).hasSize(2);
    }

    @Test
    void aMissingFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KnownDeviations.read(dir.resolve("nope.txt"), IDS))
                .hasMessage("baseline file " + dir.resolve("nope.txt") + " does not exist");
        Path file = dir.resolve("known.txt");
        Files.writeString(file, "LG-2 because\nUD-1\n");
        assertThatThrownBy(() -> KnownDeviations.read(file, IDS)).hasMessageStartingWith("known.txt:2: no reason");
    }

    // ---- assessment ------------------------------------------------------------------------------------------------

    private static Spec rule(String id) {
        return spec(id, "rule " + id).given(established()).when(client().closes()).then(client().enters(TIME_WAIT));
    }

    private static KnownDeviations.Placed result(String id, Side role, Verdict v) {
        String stack = role == null ? "mystack" : "mystack as " + role.label();
        return new KnownDeviations.Placed(new SpecResult(rule(id), stack, "rfc9293", 1, v, v + " because", List.of(),
                null, 0, null), role);
    }

    @Test
    void recordedDeviationsAreAcceptedNewOnesFailAndFixedOnesAreFlagged() {
        KnownDeviations k = parse("""
                TW-1@server  accepted, still fails
                TW-2         fixed in both roles
                LG-2@client  not run in this role
                UD-1         fails as client only: still a deviation
                """);
        Assessment a = k.assess(List.of(
                result("TW-1", Side.CLIENT, Verdict.PASS),
                result("TW-1", Side.SERVER, Verdict.FAIL),
                result("TW-2", Side.CLIENT, Verdict.PASS),
                result("TW-2", Side.SERVER, Verdict.PASS),
                result("LG-2", Side.SERVER, Verdict.FAIL),
                result("UD-1", Side.CLIENT, Verdict.ERROR),
                result("UD-1", Side.SERVER, Verdict.PASS)));
        assertThat(a.results()).extracting(Assessment.Assessed::status).containsExactly(
                Assessment.Status.PASS, Assessment.Status.ACCEPTED,
                Assessment.Status.FIXED, Assessment.Status.FIXED,
                Assessment.Status.NEW_DEVIATION,
                Assessment.Status.ACCEPTED, Assessment.Status.PASS);
        assertThat(a.fixed()).extracting(KnownDeviations.Entry::key).containsExactly("TW-2");
        assertThat(a.notJudged()).extracting(KnownDeviations.Entry::key).containsExactly("LG-2@client");
        assertThat(a.exitCode()).isEqualTo(1);
        assertThat(a.summaryLine()).isEqualTo("baseline known.txt: 2 accepted, 1 new, 1 fixed, 1 not judged by this run");
        assertThat(a.results().get(1).describe())
                .isEqualTo("accepted deviation (known.txt:1: accepted, still fails); observed: FAIL because");
        assertThat(a.results().get(2).describe())
                .isEqualTo("passes now: remove 'TW-2' (known.txt:2) from the baseline");
        assertThat(a.results().get(4).describe()).isEqualTo("new deviation: FAIL because");
    }

    @Test
    void withEveryDeviationRecordedTheRunPasses() {
        Assessment a = parse("TW-1 known").assess(List.of(result("TW-1", null, Verdict.FAIL),
                result("TW-2", null, Verdict.PASS), result("LG-2", null, Verdict.NOT_APPLICABLE)));
        assertThat(a.exitCode()).isZero();
        assertThat(a.with(Assessment.Status.NOT_APPLICABLE)).hasSize(1);
        assertThat(KnownDeviations.NONE.assess(List.of(result("TW-1", null, Verdict.FAIL))).exitCode()).isEqualTo(1);
    }

    @Test
    void asJUnitTestsAcceptedAndNotApplicableSkipNewAndFixedFail() throws Throwable {
        Assessment a = parse("TW-1 known\nTW-2 fixed").assess(List.of(
                result("TW-1", Side.CLIENT, Verdict.FAIL), result("TW-2", Side.CLIENT, Verdict.PASS),
                result("LG-2", Side.CLIENT, Verdict.NOT_APPLICABLE), result("UD-1", Side.CLIENT, Verdict.FAIL)));
        List<DynamicTest> tests = new ArrayList<>();
        ConformanceTests.of(a, Set.of(dev.tcpspec.dsl.Strength.MUST)).forEach(n -> collect(n, tests));
        assertThat(tests).extracting(DynamicTest::getDisplayName).containsExactly(
                "TW-1 as client: rule TW-1", "TW-2 as client: rule TW-2", "LG-2 as client: rule LG-2",
                "UD-1 as client: rule UD-1");
        assertThatThrownBy(() -> tests.get(0).getExecutable().execute()).isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("TW-1 as client: accepted deviation (known.txt:1: known)");
        assertThatThrownBy(() -> tests.get(1).getExecutable().execute()).isInstanceOf(AssertionFailedError.class)
                .hasMessage("TW-2 as client: passes now: remove 'TW-2' (known.txt:2) from the baseline");
        assertThatThrownBy(() -> tests.get(2).getExecutable().execute()).isInstanceOf(TestAbortedException.class)
                .hasMessage("LG-2 as client: not applicable: NOT_APPLICABLE because");
        assertThatThrownBy(() -> tests.get(3).getExecutable().execute()).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("UD-1 FAIL on mystack as client");
        assertThat(ConformanceTests.of(a, Set.of(dev.tcpspec.dsl.Strength.SHOULD))).isEmpty();
    }

    private static void collect(DynamicNode n, List<DynamicTest> into) {
        if (n instanceof DynamicTest t) into.add(t);
        if (n instanceof DynamicContainer c) c.getChildren().forEach(child -> collect(child, into));
    }
}

package dev.tcpspec.reports;

import dev.tcpspec.run.RunResult;
import dev.tcpspec.dsl.Shard;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.dsl.SpecSuite;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportMergeTest {
    private static final RunResult WHOLE = Fixtures.mixedRun();
    private static final SpecSuite SUITE = SpecSuite.of(WHOLE.results().stream().map(SpecResult::spec).toList());

    private static Report shard(int i, int n) {
        SpecSuite part = SUITE.shard(new Shard(i, n));
        List<SpecResult> results = WHOLE.results().stream()
                .filter(r -> part.indexOf(r.id()) >= 0).toList();
        RunResult run = new RunResult("sim", "rfc9293", null, 1, results);
        // through JSON, as tcpspec merge reads them
        return JsonReport.fromJson(JsonReport.toJson(Report.of(ReportRun.of(run, SUITE, new Shard(i, n), false))));
    }

    @Test
    void shardsMergedInAnyOrderGiveTheWholeRun() {
        Report whole = Report.of(WHOLE);
        Report merged = Report.merge(List.of(shard(3, 3), shard(1, 3), shard(2, 3)));
        assertThat(merged.runs()).hasSize(1);
        assertThat(merged.runs().get(0).warnings()).isEmpty();
        assertThat(JsonReport.toText(merged)).isEqualTo(JsonReport.toText(whole));
        assertThat(JUnitXmlReport.toXml(merged)).isEqualTo(JUnitXmlReport.toXml(whole));
        assertThat(HtmlReport.toHtml(merged)).isEqualTo(HtmlReport.toHtml(whole));
    }

    @Test
    void aMissingShardIsAWarning() {
        Report merged = Report.merge(List.of(shard(1, 3), shard(3, 3)));
        assertThat(merged.warnings()).singleElement().asString()
                .startsWith("incomplete: shard 2/3 missing;").contains("of 4 specs reported");
        assertThat(MarkdownSummary.toMarkdown(merged)).contains("⚠️ incomplete: shard 2/3 missing");
    }

    @Test
    void theSameShardTwiceIsAnError() {
        assertThatThrownBy(() -> Report.merge(List.of(shard(1, 2), shard(1, 2))))
                .hasMessageContaining("shard 1/2 of sim · rfc9293 · seed 1 is given twice");
    }

    @Test
    void shardsOfDifferentSplitsAreAnError() {
        assertThatThrownBy(() -> Report.merge(List.of(shard(1, 2), shard(2, 3))))
                .hasMessageContaining("different splits");
    }

    @Test
    void runsOnOtherProfilesBecomeColumns() {
        RunResult linux = new RunResult("sim", "linux", null, 1, WHOLE.results());
        Report merged = Report.merge(List.of(Report.of(WHOLE), Report.of(linux)));
        assertThat(merged.runs()).extracting(ReportRun::profile).containsExactly("rfc9293", "linux");
        assertThat(merged.columnLabel(merged.runs().get(1))).isEqualTo("linux");
        assertThat(merged.specIds()).containsExactly("OC-1", "TW-2", "RS-1", "KA-1");
    }
}

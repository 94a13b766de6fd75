package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReportTest {
    @Test
    void keepsTheContractOfDesignMdAndAddsFields() {
        JsonNode root = JsonReport.toJson(Fixtures.mixedRun());
        assertThat(root.get("tool").asText()).isEqualTo("tcpspec");
        assertThat(root.get("version").asText()).isEqualTo(RunResult.VERSION);
        assertThat(root.get("stack").asText()).isEqualTo("sim");
        assertThat(root.get("profile").asText()).isEqualTo("rfc9293");
        assertThat(root.get("mutant").isNull()).isTrue();
        assertThat(root.get("seed").asLong()).isEqualTo(1);
        JsonNode tw2 = root.get("results").get(1);
        for (String field : List.of("id", "title", "strength", "verdict", "message", "virtualMillis", "wallMillis",
                "traceDigest")) {
            assertThat(tw2.has(field)).as(field).isTrue();
        }
        assertThat(tw2.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(tw2.get("traceDigest").asText()).isEqualTo(Fixtures.closeTrace().digest());
        assertThat(tw2.get("index").asInt()).isEqualTo(1);
        assertThat(tw2.get("explanation").asText()).contains("[FAIL] client enters TIME_WAIT");
        assertThat(tw2.get("trace").get("events").size()).isEqualTo(Fixtures.closeTrace().events().size());
        assertThat(root.get("results").get(0).has("trace")).as("a pass keeps no trace").isFalse();
        JsonNode summary = root.get("summary");
        assertThat(summary.get("pass").asInt()).isEqualTo(1);
        assertThat(summary.get("fail").asInt()).isEqualTo(1);
        assertThat(summary.get("notApplicable").asInt()).isEqualTo(1);
        assertThat(summary.get("error").asInt()).isEqualTo(1);
        assertThat(root.get("runs").get(0).get("shard").isNull()).isTrue();
    }

    @Test
    void aReportReadBackIsTheReportWritten() {
        Report report = Report.of(Fixtures.mixedRun());
        Report back = JsonReport.fromJson(JsonReport.toJson(report));
        assertThat(JsonReport.toText(back)).isEqualTo(JsonReport.toText(report));
        ReportResult tw2 = back.runs().get(0).result("TW-2");
        assertThat(tw2.trace().digest()).isEqualTo(tw2.traceDigest());
        assertThat(tw2.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(tw2.scenario()).containsExactly("given an established connection", "when client: close()");
    }

    @Test
    void aLoneReportFileLeavesOutATraceTooLongAndSaysWhy() {
        JsonNode tw10 = JsonReport.toJson(Fixtures.longRun(JsonReport.INLINE_TRACE_EVENTS)).get("results").get(1);
        assertThat(tw10.has("trace")).isFalse();
        assertThat(tw10.get("traceOmitted").asText()).contains("more than the 10,000 a report file holds")
                .contains("--out DIR");
        assertThat(tw10.get("traceDigest").asText()).hasSize(64);
        Report back = JsonReport.fromJson(JsonReport.toJson(Fixtures.longRun(JsonReport.INLINE_TRACE_EVENTS)));
        assertThat(back.results().get(1).trace()).isNull();
        assertThat(back.results().get(1).verdict()).isEqualTo(Verdict.FAIL);

        JsonNode small = JsonReport.toJson(Fixtures.mixedRun()).get("results").get(1);
        assertThat(small.has("trace")).as("a short trace stays inside").isTrue();
        assertThat(small.has("traceOmitted")).isFalse();
    }

    @Test
    void aReportWithASideFileCannotBeReadWithoutItsDirectory() {
        JsonNode root = JsonReport.toJson(Report.of(Fixtures.longRun(JsonReport.INLINE_TRACE_EVENTS)),
                (run, r) -> "traces/TW-10.json.gz");
        assertThat(root.get("results").get(1).get("traceFile").asText()).isEqualTo("traces/TW-10.json.gz");
        assertThatThrownBy(() -> JsonReport.fromJson(root)).hasMessageContaining("result #1 (TW-10)")
                .hasMessageContaining("side file traces/TW-10.json.gz");
    }

    @Test
    void severalRunsListTheirValuesAtTheTop() {
        RunResult linux = new RunResult("sim", "linux", "no-time-wait", 1, Fixtures.mixedRun().results());
        JsonNode root = JsonReport.toJson(new Report(List.of(ReportRun.of(Fixtures.mixedRun(), false),
                ReportRun.of(linux, false))));
        assertThat(root.get("profile").asText()).isEqualTo("rfc9293,linux");
        assertThat(root.get("mutant").asText()).isEqualTo("none,no-time-wait");
        assertThat(root.get("seed").asLong()).isEqualTo(1);
        assertThat(root.get("results").size()).isEqualTo(8);
        assertThat(root.get("results").get(5).get("profile").asText()).isEqualTo("linux");
        Report back = JsonReport.fromJson(root);
        assertThat(back.runs()).hasSize(2);
        assertThat(back.runs().get(1).mutant()).isEqualTo("no-time-wait");
    }

    @Test
    void somethingElseIsRejectedWithAReason() {
        assertThatThrownBy(() -> JsonReport.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"tool\":\"other\"}"))).hasMessageContaining("not a tcpspec report");
    }
}

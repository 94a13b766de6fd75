package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partial pass (every judged expectation held, some could not be judged) is never shown as a plain pass: each report
 * format marks it and says what was not judged and why; the JSON contract only gains fields.
 */
class PartialResultTest {
    private static Report report() {
        return Report.of(new RunResult("os", "linux", null, 1, List.of(
                Fixtures.passing(Fixtures.aSpec("OC-1", "closing queues FIN behind data")),
                Fixtures.partial(Fixtures.aSpec("LG-2", "linger zero resets")))));
    }

    @Test
    void jsonKeepsTheVerdictAndAddsWhatWasNotJudged() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.toText(report()));
        JsonNode lg2 = root.get("results").get(1);
        assertThat(lg2.get("verdict").asText()).isEqualTo("PASS");
        assertThat(lg2.get("partial").asBoolean()).isTrue();
        assertThat(lg2.get("expectationsJudged").asInt()).isEqualTo(1);
        assertThat(lg2.get("expectationsNotJudged").asInt()).isEqualTo(1);
        JsonNode notJudged = lg2.get("expectations").get(1);
        assertThat(notJudged.get("held").asBoolean()).isFalse();
        assertThat(notJudged.get("judged").asBoolean()).isFalse();
        assertThat(notJudged.get("outcome").asText()).isEqualTo("NOT_OBSERVED");
        assertThat(notJudged.get("observation").asText()).contains("SEGMENT_OBSERVATION");
        assertThat(root.get("results").get(0).get("partial").asBoolean()).isFalse();
        assertThat(root.get("summary").get("pass").asInt()).isEqualTo(2);
        assertThat(root.get("summary").get("partial").asInt()).isEqualTo(1);
    }

    @Test
    void jsonReadsBackThePartialPass() {
        Report back = JsonReport.fromText(JsonReport.toText(report()));
        ReportResult lg2 = back.runs().get(0).result("LG-2");
        assertThat(lg2.verdict()).isEqualTo(Verdict.PASS);
        assertThat(lg2.partial()).isTrue();
        assertThat(lg2.notJudged()).singleElement().satisfies(e -> assertThat(e.judged()).isFalse());
        assertThat(back.runs().get(0).result("OC-1").partial()).isFalse();
    }

    @Test
    void junitXmlSkipsThePartialPassSayingWhatHeldAndWhatWasNotJudged() {
        String xml = JUnitXmlReport.toXml(report());
        assertThat(xml).contains("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\"");
        assertThat(xml).contains("<property name=\"tcpspec.verdict\" value=\"PASS\"/>")
                .contains("<property name=\"tcpspec.judged\" value=\"1 of 2\"/>")
                .contains("<skipped message=\"partially judged: 1 expectation held;")
                .contains("[ -- ] the wire carries RST from client")
                .contains("not judged: needs to observe segments on the wire");
    }

    @Test
    void markdownCountsAndListsThePartialPasses() {
        String md = MarkdownSummary.toMarkdown(report());
        assertThat(md).startsWith("## ✅ tcpspec: all 2 applicable specs pass (1 only partially judged)");
        assertThat(md).contains("| os · linux · seed 1 | 2 | 1 | 0 | 0 | 0 | 2 |");
        assertThat(md).contains("<details><summary>1 partially judged").contains("| **LG-2** linger zero resets | 1 of 2 |");
    }

    @Test
    void htmlMarksThePartialPassInTheMatrixAndTheDetails() {
        String html = HtmlReport.toHtml(report());
        assertThat(html).contains("◐ PASS (partial)").contains("PASS · PARTIALLY JUDGED 1 OF 2")
                .contains("class=\"notjudged\"").contains("data-verdict=\"PARTIAL\"")
                .contains("of them partially judged");
    }
}

package dev.tcpspec.reports;

import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownSummaryTest {
    @Test
    void countsThenOneLinePerFailure() {
        String md = MarkdownSummary.toMarkdown(Report.of(Fixtures.mixedRun()));
        assertThat(md).startsWith("## ❌ tcpspec: 1 of 3 applicable specs fail, 1 error\n");
        assertThat(md).contains("| sim · rfc9293 · seed 1 | 1 | 0 | 1 | 1 | 1 | 4 |");
        assertThat(md).contains("### Failures (1)\n\n| spec | reason |\n|---|---|\n"
                + "| **TW-2** the active closer holds TIME\\_WAIT for 2MSL | expected client enters TIME\\_WAIT, but "
                + "client never entered TIME\\_WAIT |");
        assertThat(md).contains("### Errors (1)").contains("<details><summary>1 not applicable</summary>");
    }

    @Test
    void allPassingSaysSo() {
        RunResult run = new RunResult("sim", "linux", null, 3, List.of(Fixtures.passing(Fixtures.aSpec("OC-1", "t"))));
        assertThat(MarkdownSummary.toMarkdown(Report.of(run))).startsWith("## ✅ tcpspec: the 1 applicable spec passes\n\nsim · linux · seed 3 · ");
    }

    @Test
    void titlesCannotInjectMarkdownOrHtml() {
        RunResult run = new RunResult("sim", "rfc9293", "no-time-wait", 1,
                List.of(Fixtures.failing(Fixtures.aSpec("TW-9", "<script>alert(1)</script> | [x](http://e) *b*\nline"))));
        String md = MarkdownSummary.toMarkdown(Report.of(run));
        assertThat(md).contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](http://e) \\*b\\* line")
                .doesNotContain("<script>");
        assertThat(md).contains("mutant **no-time-wait** killed by TW-9");
    }
}

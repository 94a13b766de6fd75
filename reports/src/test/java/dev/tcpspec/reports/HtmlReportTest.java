package dev.tcpspec.reports;

import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    @Test
    void showsTheMatrixTheFailureAndItsLadder() {
        String html = HtmlReport.toHtml(Report.of(Fixtures.mixedRun()), (run, r) -> "pcap/" + r.id() + ".pcap");
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).contains("<table class=\"matrix\">")
                .contains("<a class=\"v-FAIL\" href=\"#r-TW-2\"")
                .contains("<a class=\"v-PASS\" href=\"#r-OC-1\"")
                .contains("<a class=\"v-NOT_APPLICABLE\" href=\"#r-RS-1\"")
                .contains("<a class=\"v-ERROR\" href=\"#r-KA-1\"");
        assertThat(html).contains("✗ 1 of 3 applicable specs fail, 1 error");
        String tw2 = html.substring(html.indexOf("id=\"r-TW-2\""), html.indexOf("id=\"spec-RS-1\""));
        assertThat(tw2).contains("<svg").contains("but client never entered TIME_WAIT")
                .contains("<a href=\"pcap/TW-2.pcap\" download>pcap</a>");
        assertThat(html).contains("data-family=\"TW\"").contains("data-verdicts=\"FAIL\"");
    }

    @Test
    void loadsNothingFromTheNetwork() {
        String html = HtmlReport.toHtml(Report.of(Fixtures.mixedRun()));
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutSvgNamespace).doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("src=\"").doesNotContain("<link");
    }

    @Test
    void theContentSecurityPolicyAdmitsExactlyTheInlineScriptsAndStyle() {
        String html = HtmlReport.toHtml(Report.of(Fixtures.mixedRun()));
        Matcher csp = Pattern.compile("Content-Security-Policy\" content=\"([^\"]+)\"").matcher(html);
        assertThat(csp.find()).isTrue();
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (scripts.find()) {
            assertThat(csp.group(1)).contains("'" + HtmlReport.sha256(scripts.group(1)) + "'");
            n++;
        }
        assertThat(n).isEqualTo(2);
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertThat(style.find()).isTrue();
        assertThat(csp.group(1)).contains("style-src '" + HtmlReport.sha256(style.group(1)) + "'")
                .contains("default-src 'none'");
        assertThat(html).doesNotContain(" style=\"");
    }

    @Test
    void hostileTextRendersAsText() {
        RunResult run = new RunResult("sim\"><script>", "rfc9293", null, 1, List.of(
                Fixtures.failing(Fixtures.aSpec("TW-9", HOSTILE))));
        String html = HtmlReport.toHtml(Report.of(run));
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert").doesNotContain("<img").doesNotContain("sim\"><script>");
        Matcher scripts = Pattern.compile("<script>").matcher(html);
        int n = 0;
        while (scripts.find()) n++;
        assertThat(n).as("only the page's own two scripts").isEqualTo(2);
    }
}

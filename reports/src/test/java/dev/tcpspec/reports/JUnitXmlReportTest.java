package dev.tcpspec.reports;

import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JUnitXmlReportTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneTestcasePerSpecWithFailureSkipAndError() throws Exception {
        Document doc = parse(JUnitXmlReport.toXml(Report.of(Fixtures.mixedRun())));
        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        Element suite = (Element) suites.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element tw2 = (Element) cases.item(1);
        assertThat(tw2.getAttribute("name")).isEqualTo("TW-2 the active closer holds TIME_WAIT for 2MSL");
        assertThat(tw2.getAttribute("classname")).isEqualTo("tcpspec.sim.rfc9293.TW");
        assertThat(tw2.getAttribute("time")).isEqualTo("0.003");
        Element failure = (Element) tw2.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("expected client enters TIME_WAIT, but client never entered TIME_WAIT");
        assertThat(failure.getTextContent()).contains("[FAIL] client enters TIME_WAIT").contains("--[RST]");
        Element skipped = (Element) ((Element) cases.item(2)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).startsWith("not applicable: needs to inject raw segments");
        Element error = (Element) ((Element) cases.item(3)).getElementsByTagName("error").item(0);
        assertThat(error.getTextContent()).contains("IllegalStateException: boom");
        assertThat(((Element) cases.item(0)).getChildNodes().getLength()).as("a pass has no children").isZero();
    }

    @Test
    void hostileTextStaysText() throws Exception {
        String title = "<script>alert(1)</script> & \"quotes\" ]]> \u0001\u0007 control";
        RunResult run = new RunResult("sim", "rfc9293", null, 1,
                List.of(Fixtures.failing(Fixtures.aSpec("TW-9", title))));
        String xml = JUnitXmlReport.toXml(Report.of(run));
        assertThat(xml).doesNotContain("<script>").doesNotContain("\u0001");
        Element tc = (Element) parse(xml).getElementsByTagName("testcase").item(0);
        assertThat(tc.getAttribute("name")).isEqualTo("TW-9 <script>alert(1)</script> & \"quotes\" ]]> \uFFFD\uFFFD control");
    }
}

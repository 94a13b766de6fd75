package dev.tcpspec.reports;

import dev.tcpspec.trace.Trace;
import dev.tcpspec.trace.TraceEvent;
import dev.tcpspec.trace.TraceInfo;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LadderSvgTest {
    private static final String SVG = LadderSvg.render(Fixtures.closeTrace());

    @Test
    void isWellFormedSvg() throws Exception {
        Document doc = JUnitXmlReportTest.parse(SVG);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
    }

    @Test
    void labelsArrowsWithFlagsRelativeSeqAckAndLength() {
        assertThat(SVG).contains(">SYN seq=0 len=0<").contains(">SYN,ACK seq=0 ack=1 len=0<")
                .contains(">PSH,ACK seq=1 ack=1 len=5<").contains(">FIN,ACK seq=6 ack=1 len=0<")
                .contains(">RST seq=7 len=0<");
    }

    @Test
    void marksDropsDuplicatesAndRetransmissions() throws Exception {
        assertThat(SVG).contains("ACK seq=7 ack=2 len=0 ✗ dropped").contains("class=\"cross\"");
        assertThat(SVG).contains("FIN,ACK seq=1 ack=7 len=0 (duplicated)").contains("class=\"copy\"");
        assertThat(SVG).contains("FIN,ACK seq=1 ack=7 len=0 ↻").contains("class=\"seg fin retx\"");
    }

    @Test
    void arrowsSlantDownFromSendToArrival() throws Exception {
        Document doc = JUnitXmlReportTest.parse(SVG);
        NodeList groups = doc.getElementsByTagName("g");
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element line = (Element) ((Element) groups.item(i)).getElementsByTagName("line").item(0);
            if (line == null) continue; // a label
            slopes.add(Double.parseDouble(line.getAttribute("y2")) - Double.parseDouble(line.getAttribute("y1")));
        }
        assertThat(slopes).hasSize(Fixtures.closeTrace().segments().size()).allMatch(d -> d > 0);
    }

    @Test
    void showsStatesOnTheLanesAndTheQuietSecond() {
        assertThat(SVG).contains("class=\"st st-est\"").contains("class=\"st st-closewait\"")
                .contains(">FIN_WAIT_1 → CLOSED<").contains(">+492.8 ms<").contains(">+506 ms<").doesNotContain("+0 s");
        assertThat(SVG).contains("client 10.0.0.1").contains("server 10.0.0.2")
                .contains("seq/ack relative to ISN: client 4294967280, server 5000");
    }

    @Test
    void aCaptureWithoutArrivalTimesIsDrawnLevel() throws Exception {
        Trace t = Fixtures.closeTrace();
        List<TraceEvent> sendsOnly = t.events().stream().filter(e -> !(e instanceof TraceEvent.Delivery)).toList();
        String svg = LadderSvg.render(new Trace(new TraceInfo("os", "linux", 1, "127.0.0.1", "127.0.0.1"), sendsOnly,
                t.endNanos()));
        Element line = (Element) JUnitXmlReportTest.parse(svg).getElementsByTagName("g").item(0)
                .getChildNodes().item(1);
        assertThat(line.getAttribute("y1")).isEqualTo(line.getAttribute("y2"));
    }

    @Test
    void aHugeTraceShowsItsEnds() {
        Trace t = Fixtures.closeTrace();
        List<TraceEvent> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add(new TraceEvent.Note(i * 1000L, "note " + i));
        String svg = LadderSvg.render(new Trace(t.info(), many, 1_000_000));
        assertThat(svg).contains(">note 0<").contains(">note 999<").doesNotContain(">note 500<")
                .contains("400 events not drawn");
    }
}

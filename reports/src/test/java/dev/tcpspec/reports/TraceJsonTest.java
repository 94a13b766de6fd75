package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpspec.trace.Trace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceJsonTest {
    @Test
    void aTraceReadBackHasTheSameCanonicalTextAndDigest() throws Exception {
        Trace trace = Fixtures.closeTrace();
        String text = new ObjectMapper().writeValueAsString(TraceJson.toJson(trace));
        Trace back = TraceJson.fromJson(new ObjectMapper().readTree(text));
        assertThat(back.canonicalText()).isEqualTo(trace.canonicalText());
        assertThat(back.digest()).isEqualTo(trace.digest());
        assertThat(back.segments().get(0).segment().options()).isEqualTo(trace.segments().get(0).segment().options());
        assertThat(back.segments().get(3).segment().payload()).asString().isEqualTo("hello");
        assertThat(text).contains("\"seq\":4294967280"); // unsigned, as tcpdump prints it
    }

    @Test
    void aMalformedEventIsNamed() {
        String json = "{\"info\":{\"stack\":\"sim\"},\"endNanos\":1,\"events\":[{\"t\":0,\"event\":\"warp\"}]}";
        assertThatThrownBy(() -> TraceJson.fromJson(new ObjectMapper().readTree(json)))
                .hasMessageContaining("trace event #0").hasMessageContaining("unknown event type 'warp'");
    }
}

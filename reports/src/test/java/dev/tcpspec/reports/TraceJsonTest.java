package dev.tcpspec.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpspec.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

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

    @Test
    void aGzipSideFileReadsBackToTheSameTraceAndTheSameTraceGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Trace trace = Fixtures.longTrace(20_000);
        byte[] gz = TraceJson.gzip(trace);
        assertThat(gz).isEqualTo(TraceJson.gzip(Fixtures.longTrace(20_000)));
        assertThat(gz[0] & 0xff).isEqualTo(0x1f); // a gzip file that zcat and jq can read
        Path file = Files.write(dir.resolve("t.json.gz"), gz);
        Trace back = TraceJson.readGzip(file);
        assertThat(back.digest()).isEqualTo(trace.digest());
        assertThat(back.events()).hasSameSizeAs(trace.events());
        assertThat(back.endNanos()).isEqualTo(trace.endNanos());
    }

    @Test
    void aDamagedSideFileIsNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        byte[] gz = TraceJson.gzip(Fixtures.closeTrace());
        Path truncated = Files.write(dir.resolve("truncated.json.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> TraceJson.readGzip(truncated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(truncated.toString());
        Path notGzip = Files.writeString(dir.resolve("plain.json.gz"), "{\"info\":{}}");
        assertThatThrownBy(() -> TraceJson.readGzip(notGzip)).hasMessageContaining(notGzip.toString())
                .hasMessageContaining("not a whole gzip file");
        ByteArrayOutputStream noEvents = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(noEvents)) {
            out.write("{\"info\":{\"stack\":\"sim\"},\"endNanos\":1}".getBytes(StandardCharsets.UTF_8));
        }
        Path withoutEvents = Files.write(dir.resolve("no-events.json.gz"), noEvents.toByteArray());
        assertThatThrownBy(() -> TraceJson.readGzip(withoutEvents)).hasMessageContaining(withoutEvents.toString())
                .hasMessageContaining("the trace has no 'events'");
    }
}

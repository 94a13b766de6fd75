package dev.tcpspec.reports;

import dev.tcpspec.trace.Pcap;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.tcpspec.run.RunResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report directory, on an in-memory file system (Unix and Windows flavours) and on the real one. */
class ReportFilesTest {
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    private static void writesEveryFormat(Path dir) throws IOException {
        Report report = Report.of(Fixtures.mixedRun());
        List<Path> written = ReportFiles.write(report, dir, ReportFormat.ALL);
        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("TW-2.pcap", "report.json", "junit.xml", "summary.md", "report.html");
        assertThat(names(dir)).containsExactly("junit.xml", "pcap/TW-2.pcap", "report.html", "report.json",
                "summary.md");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("href=\"pcap/TW-2.pcap\"");
        assertThat(Files.readAllBytes(dir.resolve("pcap/TW-2.pcap")))
                .isEqualTo(Pcap.of(Fixtures.closeTrace()));
        assertThat(JsonReport.toText(ReportFiles.read(dir))).isEqualTo(JsonReport.toText(report));
    }

    @Test
    void writesEveryFormatOnJimfsUnix() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            writesEveryFormat(fs.getPath("/ci/out"));
        }
    }

    @Test
    void writesEveryFormatOnJimfsWindows() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.windows())) {
            writesEveryFormat(fs.getPath("C:\\ci\\out"));
        }
    }

    @Test
    void writesEveryFormatOnDisk(@TempDir Path dir) throws IOException {
        writesEveryFormat(dir.resolve("out"));
    }

    @Test
    void aSubsetOfFormatsWritesOnlyThoseAndLinksNoCaptures() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            ReportFiles.write(Report.of(Fixtures.mixedRun()), dir, ReportFormat.parse("html,md"));
            assertThat(names(dir)).containsExactly("report.html", "summary.md");
            assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain(".pcap");
        }
    }

    @Test
    void capturesOfResultsThatNowPassAndLeftoversOfAKilledRunAreRemoved() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            ReportFiles.write(Report.of(Fixtures.mixedRun()), dir, ReportFormat.ALL);
            Files.writeString(dir.resolve(".report.html.123456.tmp"), "half a page");
            Files.writeString(dir.resolve("pcap/.TW-2.pcap.99.tmp"), "half a capture");
            Files.writeString(dir.resolve("notes.txt"), "the user's own file");
            RunResult allPass = new RunResult("sim", "rfc9293", null, 1,
                    List.of(Fixtures.passing(Fixtures.aSpec("TW-2", "now passes"))));
            ReportFiles.write(Report.of(allPass), dir, ReportFormat.ALL);
            assertThat(names(dir)).containsExactly("junit.xml", "notes.txt", "report.html", "report.json",
                    "summary.md");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            Files.createDirectories(dir.resolve("report.json")); // a directory where the file should go
            Files.writeString(dir.resolve("report.json/keep"), "x");
            Files.writeString(dir.resolve("junit.xml"), "<old/>");
            assertThatThrownBy(() -> ReportFiles.write(Report.of(Fixtures.mixedRun()), dir, ReportFormat.ALL))
                    .isInstanceOf(IOException.class);
            assertThat(Files.readString(dir.resolve("junit.xml"))).isEqualTo("<old/>");
            assertThat(names(dir)).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void readingADirectoryWithoutAReportSaysWhatIsMissing() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = Files.createDirectories(fs.getPath("/empty"));
            assertThatThrownBy(() -> ReportFiles.read(dir)).hasMessageContaining("/empty holds no report.json");
            Files.write(dir.resolve("report.json"), "{\"tool\":".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> ReportFiles.read(dir)).hasMessageContaining("report.json is not JSON");
        }
    }

    @Test
    void aTraceTooLongForReportJsonGoesToASideFileThatReadingFindsAgain() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            Report report = Report.of(Fixtures.longRun(100_000));
            List<Path> written = ReportFiles.write(report, dir, ReportFormat.ALL);
            assertThat(written).extracting(p -> dir.relativize(p).toString()).containsExactly("pcap/TW-10.pcap",
                    "traces/TW-10.json.gz", "report.json", "junit.xml", "summary.md", "report.html");
            JsonNode tw10 = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")))
                    .get("results").get(1);
            assertThat(tw10.has("trace")).isFalse();
            assertThat(tw10.get("traceFile").asText()).isEqualTo("traces/TW-10.json.gz");
            assertThat(tw10.get("traceEvents").asInt()).isEqualTo(report.results().get(1).trace().events().size());
            assertThat(Files.size(dir.resolve("report.json"))).as("report.json holds no long trace")
                    .isLessThan(100_000);
            Report back = ReportFiles.read(dir);
            assertThat(back.results().get(1).trace().digest()).isEqualTo(report.results().get(1).trace().digest());
            assertThat(back.results().get(1).traceDigest()).isEqualTo(report.results().get(1).traceDigest());

            // written again from what was read, the directory is the same byte for byte (what merge relies on)
            Path again = fs.getPath("/again");
            ReportFiles.write(back, again, ReportFormat.ALL);
            for (String f : List.of("traces/TW-10.json.gz", "pcap/TW-10.pcap", "report.json")) {
                assertThat(Files.readAllBytes(again.resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve(f)));
            }
        }
    }

    @Test
    void sideFilesAreWrittenOnlyWithJsonAndThoseOfResultsThatNowPassAreRemoved() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            ReportFiles.write(Report.of(Fixtures.longRun(20_000)), dir, ReportFormat.parse("html,junit"));
            assertThat(names(dir)).containsExactly("junit.xml", "report.html");
            ReportFiles.write(Report.of(Fixtures.longRun(20_000)), dir, ReportFormat.parse("json"));
            assertThat(names(dir)).contains("traces/TW-10.json.gz");
            Files.writeString(dir.resolve("traces/.TW-10.json.gz.42.tmp"), "half a trace");
            ReportFiles.write(Report.of(Fixtures.mixedRun()), dir, ReportFormat.parse("json"));
            assertThat(names(dir)).containsExactly("junit.xml", "report.html", "report.json");
        }
    }

    @Test
    void aMissingOrDamagedSideFileIsNamed() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            ReportFiles.write(Report.of(Fixtures.longRun(20_000)), dir, ReportFormat.parse("json"));
            Path side = dir.resolve("traces/TW-10.json.gz");
            Files.write(side, Arrays.copyOf(Files.readAllBytes(side), 100));
            assertThatThrownBy(() -> ReportFiles.read(dir)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("result #1 (TW-10)").hasMessageContaining("/out/traces/TW-10.json.gz");
            Files.delete(side);
            assertThatThrownBy(() -> ReportFiles.read(dir)).hasMessageContaining("result #1 (TW-10)")
                    .hasMessageContaining("side file /out/traces/TW-10.json.gz is missing");
        }
    }

    @Test
    void aSideFileOutsideTheReportDirectoryIsRefused() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path dir = fs.getPath("/out");
            ReportFiles.write(Report.of(Fixtures.longRun(20_000)), dir, ReportFormat.parse("json"));
            Path json = dir.resolve("report.json");
            Files.writeString(json, Files.readString(json).replace("traces/TW-10.json.gz", "../etc/TW-10.json.gz"));
            assertThatThrownBy(() -> ReportFiles.read(dir))
                    .hasMessageContaining("its traceFile ../etc/TW-10.json.gz is outside the report's directory");
        }
    }
}

package dev.tcpspec.reports;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.tcpspec.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
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
}

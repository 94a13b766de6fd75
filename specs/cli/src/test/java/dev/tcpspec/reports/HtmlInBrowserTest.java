package dev.tcpspec.reports;

import dev.tcpspec.run.SpecRunner;
import dev.tcpspec.cli.Main;
import dev.tcpspec.run.RunResult;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.specs.Catalog;
import dev.tcpspec.specs.TimeWaitSpecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * report.html in a real browser: headless Chromium loads it from disk, its script runs without error, the matrix and
 * the ladder diagrams of a mutant run are there, and hostile text stays text. The screenshots are kept in
 * {@code specs/cli/target/report-screenshots/} for people to look at.
 */
class HtmlInBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    @TempDir
    static Path dir;
    private static Path mutantReport;

    @BeforeAll
    static void aMutantRunWritesItsReport() {
        mutantReport = dir.resolve("no-time-wait");
        StringWriter out = new StringWriter();
        int status = Main.execute(new String[]{"run", "--mutant", "no-time-wait", "--out", mutantReport.toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(status).as(out.toString()).isEqualTo(1);
    }

    private static ExternalTool chromium() {
        return ExternalTool.require("chromium", "chromium");
    }

    /** The flags a root CI container needs; a fresh profile each time. */
    private static String[] flags(Path profile, String... more) {
        List<String> f = new java.util.ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--user-data-dir=" + profile));
        f.addAll(List.of(more));
        return f.toArray(String[]::new);
    }

    private static String dumpDom(Path page) throws Exception {
        ExternalTool.Output o = chromium().run(Duration.ofSeconds(120),
                flags(Files.createTempDirectory(dir, "profile"), "--dump-dom", page.toUri().toString()));
        assertThat(o.status()).as(o.stderr()).isZero();
        assertThat(o.stdout()).as("the DOM after load; chromium said: " + o.stderr()).contains("</html>");
        return o.stdout();
    }

    private static String htmlTag(String dom) {
        Matcher m = Pattern.compile("<html[^>]*>").matcher(dom);
        assertThat(m.find()).isTrue();
        return m.group();
    }

    @Test
    void theReportLoadsWithoutScriptErrorsAndShowsTheMatrixAndLadders() throws Exception {
        String dom = dumpDom(mutantReport.resolve("report.html"));
        String html = htmlTag(dom);
        assertThat(html).as("the page's script ran to its end").contains("data-ready=\"true\"")
                .as("no script error").doesNotContain("data-js-error");
        int specs = Catalog.all().size();
        assertThat(count(dom, "<tr data-spec=\"")).as("one matrix row per spec").isEqualTo(specs);
        assertThat(dom).contains("all " + specs + " specs shown");
        assertThat(count(dom, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ladder\"")).as("ladders")
                .isGreaterThanOrEqualTo(1);
        assertThat(dom).contains("class=\"v-FAIL\" href=\"#r-TW-2\"")
                .containsPattern("killed by [^<]*TW-1, TW-2, TW-3, TW-3.non-fin, TW-4");
        assertThat(dom).doesNotContain("<nav class=\"filters\" id=\"filters\" hidden");
    }

    @Test
    void theScreenshotShowsAPage() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve("report-no-time-wait.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        ExternalTool.Output o = chromium().run(Duration.ofSeconds(120), flags(Files.createTempDirectory(dir, "profile"),
                "--window-size=1280,2200", "--screenshot=" + shot, mutantReport.resolve("report.html").toUri().toString()));
        assertThat(o.status()).as(o.stderr()).isZero();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2200);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        }
        assertThat(colours.size()).as("distinct colours: a rendered page, not a blank one").isGreaterThan(50);
        // red: the FAIL cells of the matrix (#cf222e)
        assertThat(colours).anyMatch(c -> ((c >> 16) & 0xFF) > 180 && ((c >> 8) & 0xFF) < 80 && (c & 0xFF) < 80);
    }

    @Test
    void hostileTextRendersAsTextAndRunsNothing(@TempDir Path out) throws Exception {
        String hostile = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
                + "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">";
        SpecResult r = SpecRunner.run(dev.tcpspec.dsl.Tcp.spec("TW-9", hostile).given(dev.tcpspec.dsl.Tcp.established())
                .when(dev.tcpspec.dsl.Tcp.client().closes())
                .then(dev.tcpspec.dsl.Tcp.client().enters(dev.tcpspec.dsl.Tcp.CLOSE_WAIT)), Stacks.simulated());
        RunResult run = new RunResult("sim", "rfc9293", null, 1, List.of(r, SpecRunner.run(TimeWaitSpecs.TW_2, Stacks.simulated())));
        ReportFiles.write(Report.of(run), out, ReportFormat.ALL);
        String dom = dumpDom(out.resolve("report.html"));
        assertThat(htmlTag(dom)).contains("data-ready=\"true\"").doesNotContain("data-pwned")
                .doesNotContain("data-js-error");
        assertThat(dom).contains("&lt;script&gt;document.documentElement.setAttribute('data-pwned','script')"
                + "&lt;/script&gt;");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}

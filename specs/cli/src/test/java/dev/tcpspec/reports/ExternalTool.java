package dev.tcpspec.reports;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A program the report tests hand files to (tshark, chromium): found on the PATH, or the test is skipped with a
 * precise reason; run with a time limit, after which it and the processes it started are ended.
 */
final class ExternalTool {
    record Output(int status, String stdout, String stderr) {
    }

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The tool, or the test is skipped saying which package provides it and that CI installs it. */
    static ExternalTool require(String name, String debianPackage) {
        Optional<Path> found = onPath(name);
        assumeTrue(found.isPresent(), name + " is not on the PATH; install it with 'apt-get install " + debianPackage
                + "' (.ci/run installs it from .ci/packages, so this runs in CI)");
        return new ExternalTool(found.get());
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Runs the tool with {@code args}; fails the test if it does not finish within {@code limit}. */
    Output run(Duration limit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tcpspec-tool", ".out");
        Path err = Files.createTempFile("tcpspec-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(executable.getFileName() + " did not finish within " + limit + ": "
                        + String.join(" ", command) + "\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

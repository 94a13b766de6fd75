package dev.tcpspec.cli;

import dev.tcpspec.run.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code tcpspec} command line: {@code java -jar specs/target/tcpspec.jar run [options]} runs the catalog,
 * {@code ... explore [options]} explores properties under faults. Exit status 0 when
 * every applicable spec passes, 1 when any fails or errors, 2 for bad usage.
 */
@Command(name = "tcpspec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Executable specifications of the TCP connection lifecycle.",
        subcommands = {RunCommand.class, MergeCommand.class, ExploreCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad usage (unknown option or value). */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Terminal.isInteractive()));
    }

    /** Runs the command line with the given output streams, as if not on a terminal; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, false);
    }

    /**
     * Runs the command line with the given output streams; returns the exit status.
     *
     * @param terminal whether {@code out} is a terminal: progress is then a status line redrawn in place
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        CommandLine cl = new CommandLine(new Main());
        ((RunCommand) cl.getSubcommands().get("run").getCommand()).terminal = terminal;
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("tcpspec: " + ex);
            ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do, e.g. 'tcpspec run'");
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{RunResult.TOOL + " " + RunResult.VERSION};
        }
    }
}

package dev.tcpspec.cli;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.dsl.Verdict;
import dev.tcpspec.run.RunListener;
import dev.tcpspec.run.SpecResult;
import dev.tcpspec.trace.Trace;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code tcpspec run} prints while specs run. Not on a terminal (CI logs, pipes, tests) it is one plain line per
 * spec as its verdict comes. On a terminal the same lines come in colour, under a status line that is redrawn in
 * place: a bar, specs done of total, time elapsed and the spec under way.
 */
abstract class Progress implements RunListener, AutoCloseable {
    protected final PrintWriter out;
    protected Marks marks = Marks.NONE;

    /**
     * What a line says beyond the spec's own verdict, when a run has several placements (a segment-tier stack as
     * client and as server) or a known-deviations baseline.
     */
    interface Marks {
        Marks NONE = new Marks() {
        };

        /** The text of the verdict column instead of the verdict, e.g. {@code KNOWN}; null to keep the verdict. */
        default String verdict(SpecResult r) {
            return null;
        }

        /** Shown before the title, e.g. {@code [toytcp as client] }; empty for none. */
        default String placement(SpecResult r) {
            return "";
        }
    }

    Progress(PrintWriter out) {
        this.out = out;
    }

    /** Progress for {@code total} specs: a status line when {@code terminal}, else plain lines. */
    static Progress create(PrintWriter out, boolean terminal, int total) {
        return terminal ? new OnTerminal(out, total, colours()) : new Plain(out);
    }

    /** Progress whose lines carry {@code marks}. */
    static Progress create(PrintWriter out, boolean terminal, int total, Marks marks) {
        Progress p = create(out, terminal, total);
        p.marks = marks;
        return p;
    }

    private static boolean colours() {
        return System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void close() {
    }

    /** The line of a finished spec, e.g. {@code FAIL  TW-2   the active closer ...  [6 ms observed, 2 ms to run]}. */
    static String line(SpecResult r, boolean colour) {
        return line(r, colour, Marks.NONE);
    }

    /** The line of a finished spec with its marks, e.g. {@code KNOWN TW-2   [toytcp as client] the active ...}. */
    static String line(SpecResult r, boolean colour, Marks marks) {
        String mark = marks.verdict(r);
        String verdict = mark != null ? mark : r.verdict() == Verdict.NOT_APPLICABLE ? "N/A"
                : r.partial() ? "PART" : r.verdict().name();
        String tail = switch (r.verdict()) {
            case NOT_APPLICABLE, ERROR -> "  (" + r.message() + ")";
            default -> String.format(Locale.ROOT, "  [%s observed, %d ms to run]",
                    Trace.human(r.virtualMillis() * 1_000_000L), r.wallMillis()) + partialTail(r);
        };
        String padded = String.format(Locale.ROOT, "%-5s", verdict);
        if (colour) {
            String code = mark != null ? "36" : switch (r.verdict()) {
                case PASS -> r.partial() ? "2;32" : "32";
                case FAIL -> "1;31";
                case NOT_APPLICABLE -> "90";
                case ERROR -> "1;33";
            };
            padded = "\033[" + code + "m" + padded + "\033[0m";
        }
        return String.format(Locale.ROOT, "%s %-6s %s%s%s", padded, r.id(), marks.placement(r), r.spec().title(),
                tail);
    }

    /**
     * For a partial pass, e.g. {@code  partially judged: 3 of 5 expectations (not judged: needs to observe segments on
     * the wire (SEGMENT_OBSERVATION), ...)}: never to be read as a plain pass.
     */
    static String partialTail(SpecResult r) {
        if (!r.partial()) return "";
        java.util.Set<String> why = new java.util.LinkedHashSet<>();
        for (var e : r.notJudged()) why.add(e.observation());
        String reasons = String.join("; ", why);
        if (reasons.length() > 240) reasons = reasons.substring(0, 239) + "…";
        return "  partially judged: " + r.judgedCount() + " of " + r.expectations().size() + " expectations (not "
                + "judged: " + reasons + ")";
    }

    /** One line per spec, nothing redrawn: for logs and pipes. */
    static final class Plain extends Progress {
        Plain(PrintWriter out) {
            super(out);
        }

        @Override
        public void specStarted(Spec spec) {
        }

        @Override
        public void specFinished(SpecResult result) {
            out.println(line(result, false, marks));
            out.flush();
        }
    }

    /** Coloured lines under a status line redrawn in place, every second while a spec runs. */
    static final class OnTerminal extends Progress {
        private static final int BAR = 20;
        private final int total;
        private final boolean colour;
        private final long start = System.nanoTime();
        private final Map<String, Spec> running = new LinkedHashMap<>();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tcpspec-progress");
            t.setDaemon(true);
            return t;
        });
        private int done;
        private int failed;

        OnTerminal(PrintWriter out, int total, boolean colour) {
            super(out);
            this.total = total;
            this.colour = colour;
            ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public synchronized void specStarted(Spec spec) {
            running.put(spec.id(), spec);
            redraw();
        }

        @Override
        public synchronized void specFinished(SpecResult result) {
            running.remove(result.id());
            done++;
            if (result.verdict() == Verdict.FAIL || result.verdict() == Verdict.ERROR) failed++;
            out.print("\r\033[K");
            out.println(line(result, colour, marks));
            redraw();
        }

        synchronized void redraw() {
            out.print("\r\033[K" + status());
            out.flush();
        }

        /** E.g. {@code [=========>          ] 7/15  0:03  1 failed  running TW-3 a retransmitted FIN ...}. */
        synchronized String status() {
            int filled = total == 0 ? BAR : done * BAR / total;
            StringBuilder bar = new StringBuilder("[");
            for (int i = 0; i < BAR; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
            bar.append(']');
            long s = (System.nanoTime() - start) / 1_000_000_000L;
            String line = String.format(Locale.ROOT, "%s %d/%d  %d:%02d", bar, done, total, s / 60, s % 60);
            if (failed > 0) line += "  " + failed + " failed";
            if (!running.isEmpty()) {
                Spec first = running.values().iterator().next();
                line += "  running " + first.id() + " " + first.title()
                        + (running.size() > 1 ? " (+" + (running.size() - 1) + " more)" : "");
            }
            int width = columns();
            return line.length() <= width - 1 ? line : line.substring(0, Math.max(0, width - 2)) + "…";
        }

        private static int columns() {
            try {
                return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
            } catch (NumberFormatException e) {
                return 100;
            }
        }

        @Override
        public synchronized void close() {
            ticker.shutdownNow();
            out.print("\r\033[K");
            out.flush();
        }
    }
}

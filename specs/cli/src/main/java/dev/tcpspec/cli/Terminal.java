package dev.tcpspec.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command line talks to a person at a terminal, or to a log or a pipe. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when standard input and output are a terminal. Up to JDK 21 that is {@code System.console() != null}; from
     * JDK 22 on a console exists even when output is redirected, and {@code Console.isTerminal()} tells.
     */
    static boolean isInteractive() {
        if ("dumb".equals(System.getenv("TERM"))) return false;
        Console console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

package dev.tcpspec.run;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Turning an adapter's exception into text for an ERROR verdict. */
final class Errors {
    private Errors() {
    }

    static String summary(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}

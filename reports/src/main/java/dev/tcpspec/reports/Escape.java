package dev.tcpspec.reports;

/**
 * Escaping of untrusted text (spec titles, messages, adapter errors, data read from sockets) for each output
 * language. Every piece of text that reaches a report goes through one of these.
 */
final class Escape {
    private Escape() {
    }

    /** Text for HTML or XML element content and quoted attribute values; control characters are dropped. */
    static String html(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (allowedInXml(s, i)) sb.append(c);
                    else sb.append('\uFFFD');
                }
            }
        }
        return sb.toString();
    }

    /**
     * Text for an XML 1.0 document: as {@link #html}, and characters XML 1.0 forbids (control characters other than
     * tab, newline and carriage return; lone surrogates) become U+FFFD, so that every CI tool's parser accepts it.
     * In attributes, newlines and tabs are written as character references so that they survive normalisation.
     */
    static String xml(String s, boolean attribute) {
        String e = html(s);
        if (!attribute) return e;
        return e.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    private static boolean allowedInXml(String s, int i) {
        char c = s.charAt(i);
        if (c == '\t' || c == '\n' || c == '\r') return true;
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) return false;
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        return true;
    }

    /**
     * Text for one cell or line of GitHub-flavoured Markdown: on one line, with HTML and Markdown syntax neutralised
     * (GitHub renders HTML inside Markdown, so {@code <script>} must not reach it as a tag).
     */
    static String markdown(String s) {
        if (s == null) return "";
        String oneLine = s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        StringBuilder sb = new StringBuilder(oneLine.length() + 16);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '|', '\\', '`', '*', '_', '[', ']', '#', '~' -> sb.append('\\').append(c);
                default -> {
                    if (c >= 0x20 || c == '\t') sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** At most {@code max} characters, cut with an ellipsis. */
    static String shorten(String s, int max) {
        if (s == null) return "";
        if (s.length() <= max) return s;
        int cut = Math.max(0, max - 1);
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
        return s.substring(0, cut) + "…";
    }
}

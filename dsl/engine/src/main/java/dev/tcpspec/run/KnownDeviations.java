package dev.tcpspec.run;

import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.trace.Side;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A known-deviations baseline: the rules a stack is known to break, each with the reason it is accepted. Against a
 * baseline, a run's results are {@linkplain Assessment assessed}: a recorded deviation is <em>accepted</em> (reported,
 * but it does not fail the run), a new one fails the run as usual, and a recorded one that no longer occurs is
 * <em>fixed</em> and fails the run too, until its line is removed, so the file never hides a regression behind an
 * entry that is no longer needed (as TypeScript treats an unused {@code @ts-expect-error}).
 *
 * <p>The file is UTF-8 text, one deviation per line: a spec id, optionally {@code @client} or {@code @server} to
 * limit it to one role of a segment-tier stack, then whitespace and the reason (required). Blank lines and lines
 * starting with {@code #} are ignored.
 *
 * <pre>{@code
 * # toytcp's known deviations from the tcpspec catalog
 * TW-2@client   no TIME_WAIT: the active closer frees the connection at once
 * LG-2          no SO_LINGER: close() always sends FIN
 *
 * KnownDeviations baseline = KnownDeviations.read(Path.of("known-deviations.txt"), Catalog.all());
 * Assessment a = baseline.assess(results);
 * }</pre>
 *
 * <p>A malformed line is an {@link IllegalArgumentException} whose message starts with {@code file:line:} and says
 * what is wrong: an id the catalog does not have, a missing reason, an unknown role, a spec listed twice.
 */
public final class KnownDeviations {
    /** The empty baseline: every deviation is new. */
    public static final KnownDeviations NONE = new KnownDeviations("(no baseline)", List.of());

    private static final Pattern LINE = Pattern.compile("(\\S+?)(?:@(\\S*))?(?:\\s+(.*))?");

    private final String source;
    private final List<Entry> entries;

    /**
     * One accepted deviation.
     *
     * @param specId the spec's id, e.g. {@code TW-2}
     * @param role   the role it is limited to (a segment-tier stack as CLIENT or SERVER), or null for every role
     * @param reason why it is accepted
     * @param source the file it came from, for messages
     * @param line   its line number in that file, from 1
     */
    public record Entry(String specId, Side role, String reason, String source, int line) {
        /** Whether this entry covers the result of {@code id} run in {@code runRole} (null: a socket-tier run). */
        public boolean covers(String id, Side runRole) {
            return specId.equals(id) && (role == null || role == runRole);
        }

        /** As written in the file: {@code TW-2} or {@code TW-2@client}. */
        public String key() {
            return role == null ? specId : specId + "@" + role.label();
        }

        /** {@code known-deviations.txt:4}. */
        public String where() {
            return source + ":" + line;
        }
    }

    private KnownDeviations(String source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    /** Reads a baseline file whose ids must be those of {@code catalog}'s specs. */
    public static KnownDeviations read(Path file, SpecSuite catalog) {
        return read(file, catalog.specs().stream().map(dev.tcpspec.dsl.Spec::id).toList());
    }

    /**
     * Reads a baseline file, checking each line against {@code validIds} (the catalog's ids).
     *
     * @throws IllegalArgumentException naming the file and line of the first malformed entry, or the file if it
     *                                  cannot be read
     */
    public static KnownDeviations read(Path file, Collection<String> validIds) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("baseline file " + file + " is a directory, not a file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("baseline file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read baseline file " + file + ": " + e.getMessage(), e);
        }
        Path name = file.getFileName();
        return parse(name == null ? file.toString() : name.toString(), text(file, bytes), validIds);
    }

    /**
     * The file's bytes as text, or an error saying it is not a text file: a NUL byte or bytes that are not UTF-8
     * (an image, an archive, a report.json.gz given by mistake) would otherwise be reported as an unreadable line.
     */
    private static String text(Path file, byte[] bytes) {
        String notText = "baseline file " + file + " is not a text file: ";
        String expected = "; a baseline is UTF-8 text, one 'ID[@role] reason' per line";
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new IllegalArgumentException(notText + "it holds binary data (a NUL byte at offset " + i + ")"
                        + expected);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(notText + "its bytes are not UTF-8" + expected);
        }
    }

    /**
     * Parses baseline text; {@code source} names it in messages (a file name).
     *
     * @throws IllegalArgumentException naming {@code source} and the line of the first malformed entry
     */
    public static KnownDeviations parse(String source, String text, Collection<String> validIds) {
        Set<String> ids = new LinkedHashSet<>(validIds);
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) throw error(source, lineNo, "cannot read '" + line + "'");
            String id = m.group(1);
            String roleText = m.group(2);
            String reason = m.group(3) == null ? "" : m.group(3).strip();
            if (id.contains("*") || id.contains("?")) {
                throw error(source, lineNo, "'" + id + "' is a pattern; a baseline lists each deviating spec by its id");
            }
            if (!ids.contains(id)) {
                throw error(source, lineNo, "'" + id + "' is not the id of a spec in the catalog; valid ids: "
                        + String.join(", ", ids));
            }
            Side role = null;
            if (roleText != null) {
                role = switch (roleText.toLowerCase(Locale.ROOT)) {
                    case "client" -> Side.CLIENT;
                    case "server" -> Side.SERVER;
                    default -> throw error(source, lineNo, "unknown role '" + roleText + "' in '" + id + "@" + roleText
                            + "'; a role is client or server (the end a segment-tier stack plays)");
                };
            }
            if (reason.isEmpty()) {
                throw error(source, lineNo, "no reason given for " + id + (role == null ? "" : "@" + role.label())
                        + "; write the id, then why the stack deviates, e.g. '" + id + "  no TIME_WAIT on this stack'");
            }
            Entry entry = new Entry(id, role, reason, source, lineNo);
            for (Entry earlier : entries) {
                if (!earlier.specId().equals(id)) continue;
                if (earlier.role() == role) {
                    throw error(source, lineNo, entry.key() + " is listed twice (first on line " + earlier.line() + ")");
                }
                if (earlier.role() == null || role == null) {
                    Entry wide = earlier.role() == null ? earlier : entry;
                    Entry narrow = earlier.role() == null ? entry : earlier;
                    throw error(source, lineNo, narrow.key() + " and " + wide.key() + " overlap (line "
                            + earlier.line() + "): " + wide.key() + " already covers every role");
                }
            }
            entries.add(entry);
        }
        return new KnownDeviations(source, entries);
    }

    private static IllegalArgumentException error(String source, int line, String message) {
        return new IllegalArgumentException(source + ":" + line + ": " + message);
    }

    /** The file (or text) the baseline came from. */
    public String source() {
        return source;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entry covering {@code specId} in {@code role} (null for a socket-tier run), if any. */
    public Optional<Entry> entryFor(String specId, Side role) {
        for (Entry e : entries) {
            if (e.covers(specId, role)) return Optional.of(e);
        }
        return Optional.empty();
    }

    /** This baseline with only the entries about {@code specIds}, e.g. the catalog's apart from the properties'. */
    public KnownDeviations restrictedTo(Collection<String> specIds) {
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries) {
            if (specIds.contains(e.specId())) kept.add(e);
        }
        return new KnownDeviations(source, kept);
    }

    /** Judges a run's results against this baseline. */
    public Assessment assess(List<Placed> results) {
        return Assessment.of(this, results);
    }

    /**
     * One result with the role its stack played: CLIENT or SERVER for a segment-tier stack, null on the socket tier.
     */
    public record Placed(SpecResult result, Side role) {
    }
}

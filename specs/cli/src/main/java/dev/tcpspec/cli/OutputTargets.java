package dev.tcpspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a run, that the report targets of the command line can be written: a run of many minutes must not
 * end with a stack trace because {@code --out} names a file or {@code --json} a directory. Nothing is created here;
 * the writers create missing directories.
 *
 * <pre>{@code
 * String why = OutputTargets.whyNotADirectory(Path.of("report"));   // null when it can be written
 * }</pre>
 */
final class OutputTargets {
    private OutputTargets() {
    }

    /** Why report files cannot be written into {@code dir}, or null if they can (it exists or can be created). */
    static String whyNotADirectory(Path dir) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) return dir + " is a file, not a directory";
            if (!Files.isWritable(dir)) return "the directory " + dir + " is not writable";
            return null;
        }
        return whyCannotCreate(dir);
    }

    /** Why a report file cannot be written at {@code file} (atomically, through its directory), or null if it can. */
    static String whyNotAFile(Path file) {
        if (Files.isDirectory(file)) return file + " is a directory, not a file";
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) return "cannot write a file at " + file;
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) return dir + " is a file, not a directory, so " + file + " cannot be written";
            if (!Files.isWritable(dir)) return "the directory " + dir + " is not writable";
            return null;
        }
        return whyCannotCreate(dir);
    }

    /** Why the missing directory {@code dir} cannot be created: its nearest existing ancestor is a file or read-only. */
    private static String whyCannotCreate(Path dir) {
        Path ancestor = dir.toAbsolutePath().getParent();
        while (ancestor != null && !Files.exists(ancestor)) ancestor = ancestor.getParent();
        if (ancestor == null) return "cannot create " + dir + ": no existing directory above it";
        if (!Files.isDirectory(ancestor)) return "cannot create " + dir + ": " + ancestor + " is a file";
        if (!Files.isWritable(ancestor)) return "cannot create " + dir + ": " + ancestor + " is not writable";
        return null;
    }
}

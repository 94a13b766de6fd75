package dev.tcpspec.dsl;

/**
 * One slice of a suite for a CI matrix: shard {@code index} of {@code count}, counted from 1. Every spec of a suite
 * falls in exactly one shard; see {@link SpecSuite#shard(Shard)} for how they are dealt out.
 *
 * <pre>{@code
 * Shard second = Shard.parse("2/4");                 // the second of four shards
 * SpecSuite mine = Catalog.all().shard(second);
 * }</pre>
 *
 * @param index which shard, 1 to {@code count}
 * @param count how many shards the suite is split into, at least 1
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is i/n with 1 <= i <= n, e.g. 2/4; not " + index + "/" + count);
        }
    }

    /** Parses {@code i/n}, e.g. {@code 2/4}; a malformed text is an error that quotes it and shows the form. */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash > 0) {
            try {
                return new Shard(Integer.parseInt(t.substring(0, slash).trim()),
                        Integer.parseInt(t.substring(slash + 1).trim()));
            } catch (NumberFormatException e) {
                // fall through to the message below
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid shard '" + text + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("invalid shard '" + text + "': a shard is i/n with 1 <= i <= n, e.g. 2/4");
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}

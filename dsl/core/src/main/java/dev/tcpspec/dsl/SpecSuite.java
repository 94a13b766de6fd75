package dev.tcpspec.dsl;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ordered list of specs with unique ids, such as the rule catalog; selectable by id or glob.
 *
 * <pre>{@code
 * SpecSuite tw = Catalog.all().select(List.of("TW-*", "LG-2"));
 * RunResult r = SuiteRun.of(tw, Stacks.simulated()).with(RunOptions.defaults().withSeed(3)).run();   // tcpspec-engine
 * }</pre>
 */
public final class SpecSuite {
    private final Map<String, Spec> specs;

    private SpecSuite(Map<String, Spec> specs) {
        this.specs = specs;
    }

    /** A suite of these specs, in this order; ids must be unique. */
    public static SpecSuite of(List<Spec> specs) {
        Map<String, Spec> m = new LinkedHashMap<>();
        for (Spec s : specs) {
            if (m.put(s.id(), s) != null) throw new IllegalArgumentException("two specs have the id " + s.id());
        }
        return new SpecSuite(m);
    }

    public List<Spec> specs() {
        return List.copyOf(specs.values());
    }

    public int size() {
        return specs.size();
    }

    /** The spec with this id. */
    public Spec get(String id) {
        Spec s = specs.get(id);
        if (s == null) throw new IllegalArgumentException("no spec has the id '" + id + "'; known ids: " + ids());
        return s;
    }

    /** Ids in order, comma-separated. */
    public String ids() {
        return String.join(", ", specs.keySet());
    }

    /**
     * The specs matching any of {@code selectors} (an id, or a glob with {@code *} and {@code ?}, case-insensitive),
     * in suite order. A selector that matches nothing is an error naming it and the valid ids.
     */
    public SpecSuite select(List<String> selectors) {
        if (selectors.isEmpty()) return this;
        Set<String> chosen = new LinkedHashSet<>();
        for (String sel : selectors) {
            Pattern p = glob(sel);
            boolean any = false;
            for (String id : specs.keySet()) {
                if (p.matcher(id).matches()) {
                    chosen.add(id);
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalArgumentException("no spec matches '" + sel + "'; valid ids: " + ids());
            }
        }
        List<Spec> out = new ArrayList<>();
        for (Map.Entry<String, Spec> e : specs.entrySet()) {
            if (chosen.contains(e.getKey())) out.add(e.getValue());
        }
        return of(out);
    }

    /**
     * The specs of one shard, in suite order. The specs are ordered by the SHA-256 of their ids and that order is cut
     * into {@code shard.count()} parts whose sizes differ by at most one; shard i takes the i-th part. The split
     * depends only on the ids, never on the suite's order, so every machine of a CI matrix computes the same one;
     * adding a spec moves at most one spec across each boundary between shards, so most specs keep their shard.
     * A shard may be empty when there are fewer specs than shards.
     */
    public SpecSuite shard(Shard shard) {
        List<String> byHash = new ArrayList<>(specs.keySet());
        Map<String, Long> hash = new LinkedHashMap<>();
        for (String id : byHash) hash.put(id, shardHash(id));
        byHash.sort((a, b) -> {
            int c = Long.compareUnsigned(hash.get(a), hash.get(b));
            return c != 0 ? c : a.compareTo(b);
        });
        int m = byHash.size();
        int from = (int) ((long) (shard.index() - 1) * m / shard.count());
        int to = (int) ((long) shard.index() * m / shard.count());
        Set<String> mine = new LinkedHashSet<>(byHash.subList(from, to));
        List<Spec> out = new ArrayList<>();
        for (Map.Entry<String, Spec> e : specs.entrySet()) {
            if (mine.contains(e.getKey())) out.add(e.getValue());
        }
        return of(out);
    }

    private static long shardHash(String id) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The position of the spec with this id in the suite, from 0, or -1 if it has none. */
    public int indexOf(String id) {
        int i = 0;
        for (String k : specs.keySet()) {
            if (k.equals(id)) return i;
            i++;
        }
        return -1;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}

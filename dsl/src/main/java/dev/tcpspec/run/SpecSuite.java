package dev.tcpspec.run;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.spi.StackAdapter;

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
 * RunResult r = tw.against(Stacks.simulated()).with(RunOptions.defaults().withSeed(3)).run();
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

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** This suite on one stack, ready to run or to become tests. */
    public SuiteRun against(StackAdapter stack) {
        return new SuiteRun(this, stack, RunOptions.defaults().withProfile(stack.defaultProfile()), null);
    }
}

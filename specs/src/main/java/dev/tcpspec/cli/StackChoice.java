package dev.tcpspec.cli;

import dev.tcpspec.os.OsStack;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.StackAdapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The stacks the command line can run against, by name. */
final class StackChoice {
    private static final Map<String, BiFunction<Mutant, Map<String, String>, StackAdapter>> STACKS =
            new LinkedHashMap<>();
    /** The options each stack takes with --stack-option, with what they mean. */
    private static final Map<String, Map<String, String>> OPTIONS = new LinkedHashMap<>();

    static {
        STACKS.put("sim", (m, o) -> m == null ? Stacks.simulated() : Stacks.simulated(m));
        OPTIONS.put("sim", Map.of());
        STACKS.put("os", (m, o) -> OsStack.fromOptions(o));
        OPTIONS.put("os", OsStack.optionHelp());
    }

    private StackChoice() {
    }

    static String names() {
        return String.join(", ", STACKS.keySet());
    }

    /** The stack called {@code name}, carrying {@code mutant} (sim only), or an error naming the valid stacks. */
    static StackAdapter create(String name, Mutant mutant) {
        return create(name, mutant, Map.of());
    }

    /** Each stack's options for --stack-option, as "stack: key (meaning)" lines. */
    static String optionHelp() {
        StringBuilder sb = new StringBuilder();
        OPTIONS.forEach((stack, opts) -> opts.forEach((k, v) -> sb.append("  ").append(stack).append(": ").append(k)
                .append('=').append(v).append('\n')));
        return sb.toString();
    }

    /**
     * The stack called {@code name}, carrying {@code mutant} (sim only) and configured by {@code options}
     * ({@code --stack-option KEY=VALUE}); an unknown stack, option or value is an error naming the valid ones.
     */
    static StackAdapter create(String name, Mutant mutant, Map<String, String> options) {
        BiFunction<Mutant, Map<String, String>, StackAdapter> f = STACKS.get(name);
        if (f == null) throw new IllegalArgumentException("unknown stack '" + name + "'; valid stacks: " + names());
        if (mutant != null && !name.equals("sim")) {
            throw new IllegalArgumentException("--mutant plants deviations in the reference stack; it needs --stack sim, not '"
                    + name + "'");
        }
        if (!options.isEmpty() && OPTIONS.get(name).isEmpty()) {
            throw new IllegalArgumentException("the " + name + " stack takes no --stack-option; stacks with options: "
                    + String.join(", ", OPTIONS.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList()));
        }
        return f.apply(mutant, options);
    }
}

package dev.tcpspec.cli;

import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.StackAdapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The stacks the command line can run against, by name. */
final class StackChoice {
    private static final Map<String, Function<Mutant, StackAdapter>> STACKS = new LinkedHashMap<>();

    static {
        STACKS.put("sim", m -> m == null ? Stacks.simulated() : Stacks.simulated(m));
    }

    private StackChoice() {
    }

    static String names() {
        return String.join(", ", STACKS.keySet());
    }

    /** The stack called {@code name}, carrying {@code mutant} (sim only), or an error naming the valid stacks. */
    static StackAdapter create(String name, Mutant mutant) {
        Function<Mutant, StackAdapter> f = STACKS.get(name);
        if (f == null) throw new IllegalArgumentException("unknown stack '" + name + "'; valid stacks: " + names());
        if (mutant != null && !name.equals("sim")) {
            throw new IllegalArgumentException("--mutant plants deviations in the reference stack; it needs --stack sim, not '"
                    + name + "'");
        }
        return f.apply(mutant);
    }
}

package dev.tcpspec.cli;

import dev.tcpspec.conformance.Placement;
import dev.tcpspec.external.Driver;
import dev.tcpspec.external.ExternalStack;
import dev.tcpspec.os.OsStack;
import dev.tcpspec.sim.Mutant;
import dev.tcpspec.sim.Stacks;
import dev.tcpspec.spi.SegmentStack;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.trace.Side;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The stacks the command line can run against: built in by name ({@code sim}), found on the classpath through
 * META-INF/services, or named by class ({@code --stack-class}).
 */
final class StackChoice {
    private static final Map<String, BiFunction<Mutant, Map<String, String>, StackAdapter>> STACKS =
            new LinkedHashMap<>();
    /** The options each built-in stack takes with --stack-option, with what they mean. */
    private static final Map<String, Map<String, String>> OPTIONS = new LinkedHashMap<>();

    static {
        STACKS.put("sim", (m, o) -> m == null ? Stacks.simulated() : Stacks.simulated(m));
        OPTIONS.put("sim", Map.of());
        STACKS.put("os", (m, o) -> OsStack.fromOptions(o));
        OPTIONS.put("os", OsStack.optionHelp());
        for (Driver d : List.of(Driver.LWIP, Driver.GVISOR)) {
            STACKS.put(d.name(), (m, o) -> ExternalStack.fromOptions(d, o));
            OPTIONS.put(d.name(), ExternalStack.optionHelp());
        }
    }

    private StackChoice() {
    }

    /** The built-in stacks' names. */
    static String names() {
        return String.join(", ", STACKS.keySet());
    }

    /** The stack called {@code name}, carrying {@code mutant} (sim only), or an error naming the valid stacks. */
    static StackAdapter create(String name, Mutant mutant) {
        return create(name, mutant, Map.of());
    }

    /**
     * The built-in stack called {@code name}, carrying {@code mutant} (sim only) and configured by {@code options}
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

    /** What the options chose: the stack's name and where the specs run (one placement, or one per role). */
    record Chosen(String name, List<Placement> placements, boolean segmentTier) {
    }

    /**
     * Resolves {@code --stack}, {@code --stack-class} and {@code --role}: a built-in stack, a class, or a stack
     * discovered through {@code loader}.
     *
     * @param roles the roles a segment-tier stack plays; null for "not given" (both)
     */
    static Chosen choose(String stack, String stackClass, StackLoader loader, Set<Side> roles, Mutant mutant) {
        return choose(stack, stackClass, loader, roles, mutant, Map.of());
    }

    /** As above, with the {@code --stack-option}s of a built-in stack. */
    static Chosen choose(String stack, String stackClass, StackLoader loader, Set<Side> roles, Mutant mutant,
                         Map<String, String> options) {
        if (!options.isEmpty() && (stackClass != null || (stack != null && !STACKS.containsKey(stack)))) {
            throw new IllegalArgumentException("--stack-option configures a built-in stack ("
                    + String.join(", ", OPTIONS.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList()) + "), not " + (stackClass != null ? "--stack-class "
                    + stackClass : "'" + stack + "'"));
        }
        if (stack != null && stackClass != null) {
            throw new IllegalArgumentException("give --stack or --stack-class, not both");
        }
        if (mutant != null && (stackClass != null || (stack != null && !stack.equals("sim")))) {
            throw new IllegalArgumentException("--mutant plants deviations in the reference stack; it needs --stack "
                    + "sim, not " + (stackClass != null ? "--stack-class " + stackClass : "'" + stack + "'"));
        }
        Object found;
        if (stackClass != null) {
            found = loader.instantiate(stackClass);
        } else {
            String name = stack == null ? "sim" : stack;
            if (STACKS.containsKey(name)) {
                found = create(name, mutant, options);
            } else {
                Map<String, Object> discovered = loader.discovered();
                found = discovered.get(name);
                if (found == null) {
                    List<String> valid = new ArrayList<>(STACKS.keySet());
                    for (String d : discovered.keySet()) {
                        if (!valid.contains(d)) valid.add(d);
                    }
                    throw new IllegalArgumentException("unknown stack '" + name + "'; valid stacks: "
                            + String.join(", ", valid) + " (more are found in META-INF/services of the jars given "
                            + "with --classpath)");
                }
            }
        }
        if (found instanceof SegmentStack segment) {
            return new Chosen(segment.name(), Placement.of(segment, roles == null ? Set.of(Side.values()) : roles),
                    true);
        }
        if (found instanceof OsStack os && os.wire() == OsStack.Wire.TUN) {
            List<Placement> placements = new ArrayList<>();
            for (StackAdapter p : os.placements()) {
                Side role = ((dev.tcpspec.os.wire.WireStack) p).kernelSide();
                if (roles == null || roles.contains(role)) placements.add(new Placement(p, role));
            }
            return new Chosen("os", placements, false);
        }
        if (found instanceof ExternalStack ext) {
            List<Placement> placements = new ArrayList<>();
            for (Side role : Side.values()) {
                if (roles == null || roles.contains(role)) placements.add(new Placement(ext.inRole(role), role));
            }
            return new Chosen(ext.driver().name(), placements, false);
        }
        StackAdapter adapter = (StackAdapter) found;
        if (roles != null) {
            throw new IllegalArgumentException("--role places a segment-tier stack as client or server; "
                    + adapter.name() + " is a socket-tier adapter, which plays both ends itself");
        }
        return new Chosen(adapter.name(), List.of(Placement.of(adapter)), false);
    }

    /** {@code client}, {@code server} or {@code both}. */
    static Set<Side> roles(String role) {
        return switch (role) {
            case "client" -> Set.of(Side.CLIENT);
            case "server" -> Set.of(Side.SERVER);
            case "both" -> Set.of(Side.CLIENT, Side.SERVER);
            default -> throw new IllegalArgumentException("unknown role '" + role + "'; valid roles: client, server, "
                    + "both");
        };
    }
}

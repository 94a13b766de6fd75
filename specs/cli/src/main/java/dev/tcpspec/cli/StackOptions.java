package dev.tcpspec.cli;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.sim.Mutant;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options that choose the stack under test and the profile it is held to, the same for {@code run} and
 * {@code explore} (a picocli mixin): {@code --stack}, {@code --stack-option}, {@code --stack-class},
 * {@code --classpath}, {@code --role}, {@code --profile}.
 *
 * <pre>{@code
 * @Mixin StackOptions stackOptions;
 * ...
 * try (StackLoader loader = stackOptions.loader()) {
 *     StackChoice.Chosen chosen = stackOptions.choose(loader, planted);
 * }
 * }</pre>
 */
final class StackOptions {
    @Option(names = "--stack", paramLabel = "NAME",
            description = "stack to run against: ${COMPLETION-CANDIDATES}, or one a jar lists in META-INF/services "
                    + "(default: sim)",
            completionCandidates = StackNames.class)
    String stack;

    @Option(names = "--stack-option", paramLabel = "KEY=VALUE",
            description = "an option of a built-in stack (repeatable); os: wire=auto|tun|loopback, family=ipv4|ipv6, "
                    + "timers=read|wait, netns=auto|always|never, sysctl.NAME=VALUE (plants a deviation: a network "
                    + "sysctl set in the packet wire's namespace over the profile's); lwip, gvisor: family=ipv4|ipv6")
    Map<String, String> stackOptions = new LinkedHashMap<>();

    @Option(names = "--stack-class", paramLabel = "CLASS",
            description = "run against this class: a dev.tcpspec.spi.StackAdapter (socket tier) or "
                    + "dev.tcpspec.spi.SegmentStack (segment tier) with a public no-argument constructor")
    String stackClass;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "jars and directories to load --stack-class or --stack from, separated by the platform's "
                    + "path separator (':' on Linux)")
    String classpath;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "the end a segment-tier stack plays: client, server or both (default: both; the reference "
                    + "stack plays the other)")
    String role;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "profile the stack is held to: rfc9293, linux (default: the stack's own)")
    String profile;

    @Option(names = "--profile-option", paramLabel = "KEY=VALUE",
            description = "change one value of the profile (repeatable), e.g. keepalive=3/1/3, tcp_retries2=3, "
                    + "tcp_fin_timeout=5; on a kernel the sysctls are set inside the run's own namespace only")
    Map<String, String> profileOptions = new LinkedHashMap<>();

    /**
     * The class loader of {@code --classpath}; close it when done.
     *
     * @throws IllegalArgumentException naming a classpath entry that does not exist
     */
    StackLoader loader() {
        return StackLoader.on(classpath);
    }

    /**
     * The stack or stacks these options choose, with the mutant planted in the reference stack.
     *
     * @throws IllegalArgumentException naming the bad value and the valid choices
     */
    StackChoice.Chosen choose(StackLoader loader, Mutant planted) {
        return StackChoice.choose(stack, stackClass, loader, role == null ? null : StackChoice.roles(role), planted,
                stackOptions);
    }

    /**
     * The profile {@code --profile} names, or {@code otherwise} when it names none, changed by the
     * {@code --profile-option}s.
     *
     * @throws IllegalArgumentException naming the bad profile and the valid ones
     */
    Profile profileOr(Profile otherwise) {
        return ProfileOptions.apply(profile == null ? otherwise : Profile.named(profile), profileOptions);
    }

    /** Whether the stack is the reference stack (no --stack-class, and --stack absent or sim), where mutants live. */
    boolean reference() {
        return stackClass == null && (stack == null || stack.equals("sim"));
    }

    /** What chose a stack other than the reference: the --stack-class or the --stack given. */
    String chosenOtherThanReference() {
        return stackClass != null ? stackClass : stack;
    }

    /** The options that reproduce this choice of stack, and the profile options, on another command line. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (stack != null && !stack.equals("sim")) args.add("--stack " + stack);
        stackOptions.forEach((k, v) -> args.add("--stack-option " + k + "=" + v));
        if (stackClass != null) args.add("--stack-class " + stackClass);
        if (classpath != null) args.add("--classpath " + classpath);
        profileOptions.forEach((k, v) -> args.add("--profile-option " + k + "=" + v));
        return args;
    }

    /** Completion candidates for --stack. */
    static final class StackNames extends ArrayList<String> {
        StackNames() {
            super(List.of(StackChoice.names().split(", ")));
        }
    }
}

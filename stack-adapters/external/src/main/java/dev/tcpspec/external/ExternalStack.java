package dev.tcpspec.external;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.host.IpFamily;
import dev.tcpspec.os.wire.PacketWire;
import dev.tcpspec.os.wire.WireStack;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;
import dev.tcpspec.trace.Side;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TCP stack nobody here wrote, run in a driver process of its own and held to the catalog on the packet wire,
 * in one role: tcpspec plays the peer. The stack's IP packets cross an AF_UNIX packet socket into tcpspec, where the
 * reference stack answers them; every segment both ways is observed, faults strike it, crafted segments reach the
 * stack. Its application calls (listen, connect, read, write, shutdown, close, socket options) and its connections'
 * states are requests of the driver protocol ({@code stack-adapters/external/DRIVERS.md}). Needs no root: the stack
 * is all in user space and touches no interface of the machine.
 *
 * <pre>{@code
 * for (ExternalStack lwip : ExternalStack.inEveryRole(Driver.LWIP, IpFamily.IPV4)) {
 *     RunResult r = SuiteRun.of(Catalog.all(), lwip).run();
 * }
 * }</pre>
 */
public final class ExternalStack implements StackAdapter {
    private final Driver driver;
    private final Side role;
    private final IpFamily family;

    private ExternalStack(Driver driver, Side role, IpFamily family) {
        this.driver = driver;
        this.role = role;
        this.family = family;
    }

    /** The stack as {@code role}, the reference stack in the other. */
    public static ExternalStack as(Driver driver, Side role, IpFamily family) {
        return new ExternalStack(driver, role, family);
    }

    /** The stack as client, then as server. */
    public static List<ExternalStack> inEveryRole(Driver driver, IpFamily family) {
        return List.of(as(driver, Side.CLIENT, family), as(driver, Side.SERVER, family));
    }

    /** {@code family=ipv4|ipv6}: the stack-options {@code --stack lwip} and {@code --stack gvisor} take. */
    public static ExternalStack fromOptions(Driver driver, Map<String, String> options) {
        IpFamily family = IpFamily.IPV4;
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (!o.getKey().equals("family")) {
                throw new IllegalArgumentException("unknown option '" + o.getKey() + "' of the " + driver.name()
                        + " stack; valid options: " + String.join(", ", optionHelp().keySet()));
            }
            family = switch (o.getValue()) {
                case "ipv4" -> IpFamily.IPV4;
                case "ipv6" -> IpFamily.IPV6;
                default -> throw new IllegalArgumentException("unknown family '" + o.getValue() + "'; valid: ipv4, "
                        + "ipv6");
            };
        }
        return as(driver, Side.CLIENT, family);
    }

    /** The options {@link #fromOptions} takes, with what they mean. */
    public static Map<String, String> optionHelp() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("family", "ipv4 (default) or ipv6: the wire's addresses");
        return m;
    }

    public Driver driver() {
        return driver;
    }

    public Side role() {
        return role;
    }

    public IpFamily family() {
        return family;
    }

    /** The same stack in the other role. */
    public ExternalStack inRole(Side r) {
        return new ExternalStack(driver, r, family);
    }

    /** E.g. {@code lwip as client}. */
    @Override
    public String name() {
        return driver.name() + " as " + role.label();
    }

    @Override
    public Capabilities capabilities() {
        return driver.caps();
    }

    @Override
    public Duration tolerance() {
        return driver.tolerance();
    }

    @Override
    public Profile defaultProfile() {
        return driver.defaultProfile();
    }

    /** Each spec runs a process of its own, mostly waiting: several at once. */
    @Override
    public int preferredParallelism() {
        return 6;
    }

    /** Time is mostly skipped, but TW-10 opens tens of thousands of connections, each a few requests. */
    @Override
    public Duration minimumSpecTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public StackSession open(SessionSettings settings) throws Exception {
        WireStack.Addresses addresses = WireStack.Addresses.of(family);
        DriverOutside outside = DriverOutside.start(driver.label(), driver.binary(), addresses);
        return PacketWire.open(outside, role, addresses, settings);
    }

    @Override
    public String toString() {
        return name() + " (" + family.label() + ", driver process on the packet wire)";
    }
}

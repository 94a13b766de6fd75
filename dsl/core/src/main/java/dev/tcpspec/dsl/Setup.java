package dev.tcpspec.dsl;

import dev.tcpspec.dsl.SocketOptions;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultSchedule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What exists before a scenario's steps ({@code given}): a listening server, possibly a connection established to
 * it, socket options on either end, and faults planned on the wire. Immutable.
 *
 * <pre>{@code
 * Setup s = established().with(client().soLinger(true, 0), wire().drops(first(ACK_OF_FIN).from(client())));
 * }</pre>
 */
public final class Setup {
    /** How far the setup goes before the steps begin. */
    public enum Kind {
        /** The server listens; the client has connected and the server has accepted. */
        ESTABLISHED,
        /** The server listens; no connection yet. */
        LISTENING
    }

    private final Kind kind;
    private final SocketOptions client;
    private final SocketOptions server;
    private final FaultSchedule faults;
    private final List<SetupStep.ProfileKnob> knobs;
    private final List<String> described;

    private Setup(Kind kind, SocketOptions client, SocketOptions server, FaultSchedule faults,
                  List<SetupStep.ProfileKnob> knobs, List<String> described) {
        this.kind = kind;
        this.client = client;
        this.server = server;
        this.faults = faults;
        this.knobs = List.copyOf(knobs);
        this.described = List.copyOf(described);
    }

    static Setup of(Kind kind) {
        return new Setup(kind, SocketOptions.DEFAULTS, SocketOptions.DEFAULTS, FaultSchedule.NONE, List.of(),
                List.of());
    }

    /** A copy with more options or faults. */
    public Setup with(SetupStep... steps) {
        Setup s = this;
        for (SetupStep step : steps) s = step.applyTo(s);
        return s;
    }

    Setup withOptions(Side side, SocketOptions options, String description) {
        List<String> d = new ArrayList<>(described);
        d.add(description);
        return side == Side.CLIENT ? new Setup(kind, options, server, faults, knobs, d)
                : new Setup(kind, client, options, faults, knobs, d);
    }

    Setup withFault(Fault fault) {
        List<String> d = new ArrayList<>(described);
        d.add("the wire will " + fault.describe());
        return new Setup(kind, client, server, faults.plus(fault), knobs, d);
    }

    Setup withKnob(SetupStep.ProfileKnob knob) {
        List<String> d = new ArrayList<>(described);
        d.add(knob.description());
        List<SetupStep.ProfileKnob> k = new ArrayList<>(knobs);
        k.add(knob);
        return new Setup(kind, client, server, faults, k, d);
    }

    /**
     * The profile a run holds the stack to: {@code base} with this setup's policy knobs applied (the name stays, so
     * reports still say {@code linux}). Applying it twice changes nothing more.
     */
    public Profile adjust(Profile base) {
        if (knobs.isEmpty()) return base;
        Profile.Builder b = base.toBuilder();
        for (SetupStep.ProfileKnob k : knobs) k.change().apply(b);
        return b.build();
    }

    /** The policy knobs this setup sets, described. */
    public List<String> knobs() {
        return knobs.stream().map(SetupStep.ProfileKnob::description).toList();
    }

    /** How far the setup goes: a listener, or an established connection. */
    public Kind kind() {
        return kind;
    }

    /** Options of one endpoint. */
    public SocketOptions options(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    /** The faults the wire will inject. */
    public FaultSchedule faults() {
        return faults;
    }

    /** Capabilities the setup needs: fault injection for faults, a chosen ISS for fixed ISNs. */
    public Set<Capability> requires() {
        Set<Capability> r = EnumSet.noneOf(Capability.class);
        if (!faults.isEmpty()) r.add(Capability.FAULT_INJECTION);
        if (client.iss() != null || server.iss() != null) r.add(Capability.CHOSEN_ISS);
        if (!knobs.isEmpty()) r.add(Capability.PROFILE_CONTROL);
        return r;
    }

    /** E.g. {@code an established connection, with client SO_LINGER <1,0>}. */
    public String describe() {
        String base = kind == Kind.ESTABLISHED ? "an established connection" : "a listening server";
        return described.isEmpty() ? base : base + ", with " + String.join(", ", described);
    }

    @Override
    public String toString() {
        return describe();
    }
}

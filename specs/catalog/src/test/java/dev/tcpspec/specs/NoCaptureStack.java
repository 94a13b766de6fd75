package dev.tcpspec.specs;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.spi.SessionSettings;
import dev.tcpspec.spi.StackAdapter;
import dev.tcpspec.spi.StackSession;

import java.time.Duration;

/**
 * For tests: a stack adapter that runs another one but claims neither segment nor transient-state observation, as a
 * kernel seen without capture or tracepoint would be: its specs are judged on states and application outcomes only.
 */
public final class NoCaptureStack implements StackAdapter {
    private final StackAdapter inner;

    public NoCaptureStack(StackAdapter inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return "nocapture";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.all()
                .without(Capability.SEGMENT_OBSERVATION, "no packet capture in this test")
                .without(Capability.TRANSIENT_STATE_OBSERVATION, "states sampled in this test");
    }

    @Override
    public Duration tolerance() {
        return inner.tolerance();
    }

    @Override
    public StackSession open(SessionSettings settings) throws Exception {
        return inner.open(settings);
    }
}

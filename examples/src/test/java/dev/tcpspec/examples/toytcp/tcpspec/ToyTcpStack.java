package dev.tcpspec.examples.toytcp.tcpspec;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.examples.toytcp.Config;
import dev.tcpspec.spi.HostContext;
import dev.tcpspec.spi.SegmentHost;
import dev.tcpspec.spi.SegmentStack;

/**
 * toytcp on tcpspec's segment tier: the adapter a team writes once to run the whole catalog against its stack. It
 * maps the profile onto toytcp's {@link Config} (so toytcp honours every profile: PROFILE_CONTROL), and each host onto
 * a {@link ToyHost}. Listed in {@code META-INF/services/dev.tcpspec.spi.SegmentStack}, so the command line finds it:
 * {@code tcpspec run --stack toytcp}.
 */
public final class ToyTcpStack implements SegmentStack {
    /** RFC 7323 §5.5: TS.Recent is trusted for 24 days of silence. */
    private static final java.time.Duration PAWS_IDLE_LIMIT = java.time.Duration.ofDays(24);

    @Override
    public String name() {
        return "toytcp";
    }

    @Override
    public SegmentHost newHost(HostContext context) {
        return new ToyHost(context, config(context.profile(), context.seed() ^ context.address()));
    }

    /** toytcp's knobs, as the profile sets them. */
    static Config config(Profile p, long secret) {
        return new Config(p.rtoInitial().toNanos(), p.rtoMin().toNanos(), p.rtoMax().toNanos(),
                p.maxRetransmissions(), p.synRetries(), p.orphanRetries(),
                p.hasFinWait2Timeout() ? p.finWait2Timeout().toNanos() : 0,
                p.keepAliveIdle().toNanos(), p.keepAliveInterval().toNanos(), p.keepAliveProbes(),
                p.ephemeralLow(), p.ephemeralHigh(), p.mss(), p.receiveBuffer(), p.sendBuffer(),
                p.challengeAckInterval().toNanos(), p.timestamps(), PAWS_IDLE_LIMIT.toNanos(), p.isnTickNanos(),
                secret, p.synLinearTimeouts());
    }
}

package dev.tcpspec.os.wire;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.os.linux.NetworkNamespace;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A profile's policy knobs as the sysctls of a run's own namespace: the kernel there is configured as the profile
 * claims (under {@code linux} these are Linux's defaults), the machine's own settings untouched.
 */
final class ProfileSysctls {
    private ProfileSysctls() {
    }

    /** The sysctls (under /proc/sys) and values for {@code p}. */
    static Map<String, String> of(Profile p) {
        Map<String, String> m = new LinkedHashMap<>();
        if (p.finWait2Timeout() != null) m.put("net/ipv4/tcp_fin_timeout", seconds(p.finWait2Timeout()));
        m.put("net/ipv4/tcp_keepalive_time", seconds(p.keepAliveIdle()));
        m.put("net/ipv4/tcp_keepalive_intvl", seconds(p.keepAliveInterval()));
        m.put("net/ipv4/tcp_keepalive_probes", String.valueOf(p.keepAliveProbes()));
        m.put("net/ipv4/tcp_timestamps", p.timestamps() ? "1" : "0");
        m.put("net/ipv4/tcp_tw_reuse", switch (p.timeWaitReuse()) {
            case OFF -> "0";
            case ON -> "1";
            case LOOPBACK_ONLY -> "2";
        });
        m.put("net/ipv4/tcp_rfc1337", p.rfc1337() ? "1" : "0");
        m.put("net/ipv4/tcp_retries2", String.valueOf(p.maxRetransmissions()));
        m.put("net/ipv4/tcp_syn_retries", String.valueOf(p.synRetries()));
        m.put("net/ipv4/tcp_orphan_retries", String.valueOf(p.orphanRetries()));
        m.put("net/ipv4/ip_local_port_range", p.ephemeralLow() + " " + p.ephemeralHigh());
        return m;
    }

    static void apply(NetworkNamespace ns, Profile p) throws IOException {
        for (Map.Entry<String, String> e : of(p).entrySet()) ns.sysctl(e.getKey(), e.getValue());
    }

    private static String seconds(java.time.Duration d) {
        return String.valueOf(Math.max(1, d.toSeconds()));
    }
}

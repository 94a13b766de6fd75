package dev.tcpspec.cli;

import dev.tcpspec.dsl.Profile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiConsumer;

/**
 * {@code --profile-option KEY=VALUE}: a profile's values changed from the command line, so that rules whose timers
 * last hours under a built-in profile can run on a real kernel in seconds ({@code keepalive=3/1/3},
 * {@code tcp_retries2=3}). Keys are the profile's own words or the Linux sysctls they stand for; on the kernel the
 * stack sets the sysctls inside the run's own network namespace. The profile is named after what changed:
 * {@code linux+keepalive=3/1/3}.
 *
 * <pre>{@code
 * Profile quick = ProfileOptions.apply(Profile.linux(), Map.of("keepalive", "3/1/3", "tcp_retries2", "3"));
 * }</pre>
 */
final class ProfileOptions {
    private record Knob(String sysctl, String meaning, BiConsumer<Profile.Builder, String> set) {
    }

    private static final Map<String, Knob> KNOBS = new LinkedHashMap<>();

    static {
        knob("keepalive", null, "IDLE/INTERVAL/PROBES, e.g. 3/1/3 (seconds, seconds, count)", (b, v) -> {
            String[] parts = v.split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("keepalive takes IDLE/INTERVAL/PROBES, e.g. 3/1/3, not '" + v + "'");
            }
            b.keepAliveIdle(duration(parts[0])).keepAliveInterval(duration(parts[1]))
                    .keepAliveProbes(count(parts[2]));
        });
        knob("keepalive-idle", "tcp_keepalive_time", "idle time before the first probe", (b, v) -> b.keepAliveIdle(duration(v)));
        knob("keepalive-interval", "tcp_keepalive_intvl", "time between unanswered probes",
                (b, v) -> b.keepAliveInterval(duration(v)));
        knob("keepalive-probes", "tcp_keepalive_probes", "unanswered probes before the connection aborts",
                (b, v) -> b.keepAliveProbes(count(v)));
        knob("retries", "tcp_retries2", "retransmissions of data or FIN before the connection aborts (R2)",
                (b, v) -> b.maxRetransmissions(count(v)));
        knob("syn-retries", "tcp_syn_retries", "SYN retransmissions before connect() gives up",
                (b, v) -> b.synRetries(count(v)));
        knob("orphan-retries", "tcp_orphan_retries", "retransmissions of an orphan's FIN",
                (b, v) -> b.orphanRetries(count(v)));
        knob("fin-timeout", "tcp_fin_timeout", "how long an orphaned FIN_WAIT_2 lasts",
                (b, v) -> b.finWait2Timeout(duration(v)));
        knob("timestamps", "tcp_timestamps", "on|off (1|0)", (b, v) -> b.timestamps(flag(v)));
        knob("rfc1337", "tcp_rfc1337", "on|off (1|0): TIME_WAIT ignores RST", (b, v) -> b.rfc1337(flag(v)));
        knob("tw-reuse", "tcp_tw_reuse", "off|on|loopback (0|1|2)", (b, v) -> b.timeWaitReuse(switch (v) {
            case "0", "off" -> Profile.TimeWaitReuse.OFF;
            case "1", "on" -> Profile.TimeWaitReuse.ON;
            case "2", "loopback" -> Profile.TimeWaitReuse.LOOPBACK_ONLY;
            default -> throw new IllegalArgumentException("tw-reuse is off, on or loopback (0, 1, 2), not '" + v + "'");
        }));
        knob("port-range", "ip_local_port_range", "LOW-HIGH, the ephemeral ports", (b, v) -> {
            String[] parts = v.trim().split("[-\\s]+");
            if (parts.length != 2) throw new IllegalArgumentException("port-range is LOW-HIGH, not '" + v + "'");
            int low = count(parts[0]);
            int high = count(parts[1]);
            if (low < 1 || high > 65535 || low > high) {
                throw new IllegalArgumentException("port-range must satisfy 1 <= LOW <= HIGH <= 65535, not " + v);
            }
            b.ephemeralRange(low, high);
        });
        knob("msl", null, "maximum segment lifetime (the reference stack's TIME_WAIT is twice it)", (b, v) -> {
            Duration d = duration(v);
            b.msl(d).timeWait(d.multipliedBy(2));
        });
        knob("rto-initial", null, "the first retransmission timeout", (b, v) -> b.rtoInitial(duration(v)));
        knob("rto-min", null, "the least retransmission timeout", (b, v) -> b.rtoMin(duration(v)));
    }

    private static void knob(String name, String sysctl, String meaning, BiConsumer<Profile.Builder, String> set) {
        Knob k = new Knob(sysctl, meaning, set);
        KNOBS.put(name, k);
        if (sysctl != null) KNOBS.put(sysctl, k);
    }

    private ProfileOptions() {
    }

    /** The keys with what they mean, for help and error messages. */
    static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        KNOBS.forEach((name, k) -> {
            if (!name.equals(k.sysctl())) m.put(k.sysctl() == null ? name : name + " | " + k.sysctl(), k.meaning());
        });
        return m;
    }

    /**
     * {@code base} with {@code options} applied, named {@code base+key=value,...}; {@code base} itself when there are
     * none.
     *
     * @throws IllegalArgumentException naming an unknown key (and the valid ones) or a bad value
     */
    static Profile apply(Profile base, Map<String, String> options) {
        if (options.isEmpty()) return base;
        StringJoiner name = new StringJoiner(",", base.name() + "+", "");
        Profile.Builder b = Profile.builder("pending").basedOn(base);
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT).replace("net.ipv4.", "");
            Knob k = KNOBS.get(key);
            if (k == null) {
                throw new IllegalArgumentException("unknown --profile-option '" + e.getKey() + "'; valid keys: "
                        + String.join(", ", help().keySet()));
            }
            String value = e.getValue().trim().toLowerCase(Locale.ROOT);
            try {
                k.set().accept(b, value);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("bad value '" + e.getValue() + "' for --profile-option " + e.getKey()
                        + " (" + k.meaning() + ")");
            }
            name.add(e.getKey().trim() + "=" + e.getValue().trim());
        }
        Profile p = b.build();
        return Profile.builder(name.toString()).basedOn(p)
                .description(base.description() + "; changed on the command line: " + options)
                .build();
    }

    /** {@code 3} (seconds), {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
        Duration d = Duration.ofSeconds(Long.parseLong(s));
        if (d.isNegative() || d.isZero()) throw new NumberFormatException("not positive: " + v);
        return d;
    }

    private static int count(String v) {
        int n = Integer.parseInt(v.trim());
        if (n < 0) throw new NumberFormatException("negative: " + v);
        return n;
    }

    private static boolean flag(String v) {
        return switch (v) {
            case "1", "on", "true", "yes" -> true;
            case "0", "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("expected on or off (1 or 0), not '" + v + "'");
        };
    }
}

package dev.tcpspec.os;

import dev.tcpspec.os.host.Host;
import dev.tcpspec.os.host.IpFamily;

import dev.tcpspec.dsl.Capabilities;
import dev.tcpspec.dsl.Capability;
import dev.tcpspec.trace.SegmentKind;
import dev.tcpspec.trace.Side;
import dev.tcpspec.wire.Fault;
import dev.tcpspec.wire.FaultAction;
import dev.tcpspec.wire.FaultSchedule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the os stack says it can do, and why not, on machines with different privileges. */
class OsStackTest {
    static final Host NOBODY = new Host(Path.of("/proc/self/net"), 65534, false, false, false, "/usr/bin/tcpdump",
            null, "/usr/sbin/ip", "/usr/sbin/iptables", "/usr/bin/unshare",
            "not root: reading the kernel's sock:inet_sock_set_state tracepoint needs CAP_SYS_ADMIN (tracefs)");
    static final Host ROOT = new Host(Path.of("/proc/self/net"), 0, true, true, true, "/usr/bin/tcpdump", null,
            "/usr/sbin/ip", "/usr/sbin/iptables", "/usr/bin/unshare", null);
    static final Host BARE_ROOT = new Host(Path.of("/proc/self/net"), 0, true, true, true, null, null, null, null,
            null, "unshare (util-linux) is not on the PATH, so tracefs cannot be mounted privately");

    @Test
    void an_unprivileged_process_observes_states_and_says_precisely_why_it_cannot_do_more() {
        Capabilities c = OsStack.on(NOBODY).capabilities();

        assertThat(c.has(Capability.STATE_OBSERVATION)).isTrue();
        assertThat(c.whyMissing(Capability.SEGMENT_OBSERVATION)).hasValue(
                "no packet capture: not root, tcpdump needs CAP_NET_RAW");
        assertThat(c.whyMissing(Capability.FAULT_INJECTION)).hasValueSatisfying(why -> assertThat(why)
                .contains("not root").contains("CAP_NET_ADMIN").contains("never the root namespace"));
        assertThat(c.whyMissing(Capability.HOST_CRASH)).isPresent();
        assertThat(c.whyMissing(Capability.PROFILE_CONTROL)).hasValueSatisfying(why -> assertThat(why)
                .contains("ip netns add"));
        assertThat(c.whyMissing(Capability.TRANSIENT_STATE_OBSERVATION)).hasValueSatisfying(why -> assertThat(why)
                .contains("sampled every").contains("CAP_SYS_ADMIN"));
    }

    @Test
    void root_with_the_tools_can_capture_drop_crash_and_see_every_transition() {
        Capabilities c = OsStack.on(ROOT).capabilities();

        for (Capability k : new Capability[]{Capability.STATE_OBSERVATION, Capability.TRANSIENT_STATE_OBSERVATION,
                Capability.SEGMENT_OBSERVATION, Capability.FAULT_INJECTION, Capability.HOST_CRASH,
                Capability.PROFILE_CONTROL}) {
            assertThat(c.has(k)).as(k.name()).isTrue();
        }
    }

    @Test
    void a_real_kernel_never_has_virtual_time_a_chosen_iss_crafted_segments_or_shared_handles() {
        Capabilities c = OsStack.on(ROOT).capabilities();

        assertThat(c.whyMissing(Capability.VIRTUAL_TIME)).hasValueSatisfying(w -> assertThat(w).contains("real time"));
        assertThat(c.whyMissing(Capability.CHOSEN_ISS)).hasValueSatisfying(w -> assertThat(w).contains("RFC 6528"));
        assertThat(c.whyMissing(Capability.SEGMENT_INJECTION)).isPresent();
        assertThat(c.whyMissing(Capability.SHARED_HANDLES)).hasValueSatisfying(w -> assertThat(w).contains("dup(2)"));
    }

    @Test
    void root_without_the_tools_names_the_missing_tool() {
        Capabilities c = OsStack.on(BARE_ROOT).capabilities();

        assertThat(c.whyMissing(Capability.SEGMENT_OBSERVATION)).hasValueSatisfying(w -> assertThat(w)
                .contains("neither tcpdump nor dumpcap"));
        assertThat(c.whyMissing(Capability.FAULT_INJECTION)).hasValueSatisfying(w -> assertThat(w).contains("'ip'"));
        assertThat(c.whyMissing(Capability.TRANSIENT_STATE_OBSERVATION)).hasValueSatisfying(w -> assertThat(w)
                .contains("unshare"));
    }

    @Test
    void namespaces_turned_off_take_drops_crashes_and_profile_control_with_them() {
        Capabilities c = OsStack.on(ROOT).with(OsStack.Namespaces.NEVER).capabilities();

        assertThat(c.whyMissing(Capability.FAULT_INJECTION)).hasValueSatisfying(w -> assertThat(w).contains("netns=never"));
        assertThat(c.whyMissing(Capability.PROFILE_CONTROL)).isPresent();
        assertThat(c.has(Capability.SEGMENT_OBSERVATION)).isTrue();
    }

    @Test
    void only_drops_can_be_injected_for_want_of_netem() {
        OsStack s = OsStack.on(ROOT);
        Fault drop = new Fault(Side.CLIENT, SegmentKind.ACK_OF_FIN, 1, new FaultAction.Drop());
        Fault delay = new Fault(Side.SERVER, SegmentKind.FIN, 1, new FaultAction.Delay(Duration.ofMillis(300)));

        assertThat(s.whyCannotInject(FaultSchedule.of(drop))).isEmpty();
        assertThat(s.whyCannotInject(FaultSchedule.of(drop, delay))).hasValueSatisfying(w -> assertThat(w)
                .contains("fin #1 from server").contains("netem"));
    }

    @Test
    void command_line_options_choose_family_timers_and_namespaces_and_bad_ones_name_the_valid_choices() {
        OsStack s = OsStack.fromOptions(Map.of("family", "ipv6", "timers", "wait"));
        assertThat(s.family()).isEqualTo(IpFamily.IPV6);
        assertThat(s.timers()).isEqualTo(OsStack.Timers.WAIT);

        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("famly", "ipv6")))
                .hasMessage("unknown option 'famly' of the os stack; valid options: family, netns, sysctl.NAME, timers, "
                        + "wire");
        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("sysctl.kernel.panic", "1")))
                .hasMessage("cannot plant sysctl 'kernel.panic': only network sysctls (net.ipv4.*, net.ipv6.*, "
                        + "net.core.*) are per namespace");
        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("sysctl.net.ipv4.tcp_orphan_retries", " ")))
                .hasMessage("sysctl 'net.ipv4.tcp_orphan_retries' needs a value");
        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("sysctl.net.ipv4..x/../y", "1")))
                .hasMessageContaining("cannot plant sysctl");
        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("family", "ipx")))
                .hasMessage("unknown address family 'ipx'; valid: ipv4, ipv6");
        assertThatThrownBy(() -> OsStack.fromOptions(Map.of("timers", "later")))
                .hasMessage("unknown value 'later' for timers; valid values: read, wait");
        assertThatThrownBy(() -> OsStack.on(NOBODY).with(OsStack.Namespaces.ALWAYS))
                .hasMessageContaining("cannot run every spec in a namespace of its own");
    }

    @Test
    void the_linux_profile_real_tolerances_and_room_for_a_real_time_wait() {
        OsStack s = OsStack.on(ROOT);

        assertThat(s.defaultProfile().name()).isEqualTo("linux");
        assertThat(s.tolerance()).isBetween(Duration.ofMillis(2048), Duration.ofSeconds(3));
        assertThat(s.minimumSpecTimeout()).isGreaterThan(Duration.ofSeconds(62).plus(OsSession.REAL_WAIT_LIMIT));
        assertThat(s.preferredParallelism()).isGreaterThan(1);
    }
}

package dev.tcpspec.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The ephemeral port allocator: the whole range, even ports first, EADDRNOTAVAIL when every port is pinned. */
class PortTableTest {
    @Test
    void everyPortOfTheRangeIsHandedOutOnceEvenPortsFirstThenNoneIsLeft() {
        PortTable t = new PortTable(1);
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 28_232; i++) {
            int p = t.pickEphemeral(32768, 60999, 80, null);
            assertThat(p).as("pick %d", i).isBetween(32768, 60999);
            t.occupy(p, 80);
            picked.add(p);
        }
        assertThat(new HashSet<>(picked)).hasSize(28_232);
        assertThat(picked.subList(0, 14_116)).allMatch(p -> p % 2 == 0);
        assertThat(picked.subList(14_116, 28_232)).allMatch(p -> p % 2 == 1);
        assertThat(t.pickEphemeral(32768, 60999, 80, null)).isEqualTo(-1);
        assertThat(t.pickEphemeral(32768, 60999, 443, null)).as("another destination has its own ports").isPositive();
    }

    @Test
    void theIanaRangeIsUsedWhole() {
        PortTable t = new PortTable(7);
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 16_384; i++) {
            int p = t.pickEphemeral(49152, 65535, 80, null);
            assertThat(p).as("pick %d", i).isBetween(49152, 65535);
            t.occupy(p, 80);
            picked.add(p);
        }
        assertThat(picked).hasSize(16_384);
        assertThat(t.pickEphemeral(49152, 65535, 80, null)).isEqualTo(-1);
    }
}

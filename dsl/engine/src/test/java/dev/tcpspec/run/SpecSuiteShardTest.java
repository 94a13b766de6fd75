package dev.tcpspec.run;

import dev.tcpspec.dsl.Shard;
import dev.tcpspec.dsl.SpecSuite;
import dev.tcpspec.dsl.Spec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tcpspec.dsl.Tcp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecSuiteShardTest {
    private static Spec spec(String id) {
        return dev.tcpspec.dsl.Tcp.spec(id, "spec " + id).given(established()).when(client().closes())
                .then(client().enters(TIME_WAIT));
    }

    private static List<Spec> specs(int n) {
        List<Spec> out = new ArrayList<>();
        String[] families = {"OC", "TW", "CW", "LG", "KA", "RS"};
        for (int i = 0; i < n; i++) out.add(spec(families[i % families.length] + "-" + (i + 1)));
        return out;
    }

    /** Which shard (1..n) each id falls in. */
    private static Map<String, Integer> assignment(SpecSuite suite, int n) {
        Map<String, Integer> where = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            for (Spec s : suite.shard(new Shard(i, n)).specs()) {
                assertThat(where.put(s.id(), i)).as(s.id() + " is in two shards").isNull();
            }
        }
        return where;
    }

    @Test
    void everySpecFallsInExactlyOneShardOfNearlyEqualSize() {
        SpecSuite suite = SpecSuite.of(specs(55));
        for (int n = 1; n <= 8; n++) {
            assertThat(assignment(suite, n)).hasSize(55);
            List<Integer> sizes = new ArrayList<>();
            for (int i = 1; i <= n; i++) sizes.add(suite.shard(new Shard(i, n)).size());
            assertThat(Collections.max(sizes) - Collections.min(sizes)).as("sizes " + sizes).isLessThanOrEqualTo(1);
        }
        assertThat(suite.shard(new Shard(1, 1)).ids()).isEqualTo(suite.ids());
    }

    @Test
    void aShardKeepsSuiteOrderAndDependsOnlyOnTheIds() {
        List<Spec> list = specs(40);
        SpecSuite suite = SpecSuite.of(list);
        List<Spec> shuffled = new ArrayList<>(list);
        Collections.shuffle(shuffled, new Random(3));
        assertThat(assignment(SpecSuite.of(shuffled), 4)).isEqualTo(assignment(suite, 4));
        List<String> ids = suite.shard(new Shard(2, 4)).specs().stream().map(Spec::id).toList();
        assertThat(ids).isSortedAccordingTo((a, b) -> Integer.compare(suite.indexOf(a), suite.indexOf(b)));
    }

    @Test
    void addingASpecMovesAtMostOneSpecAcrossEachBoundary() {
        for (int extra = 0; extra < 20; extra++) {
            List<Spec> before = specs(55);
            List<Spec> after = new ArrayList<>(before);
            after.add(spec("NEW-" + extra));
            Map<String, Integer> a = assignment(SpecSuite.of(before), 4);
            Map<String, Integer> b = assignment(SpecSuite.of(after), 4);
            long moved = a.keySet().stream().filter(id -> !a.get(id).equals(b.get(id))).count();
            assertThat(moved).as("specs that changed shard when NEW-" + extra + " came").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void moreShardsThanSpecsLeavesSomeEmpty() {
        SpecSuite suite = SpecSuite.of(specs(2));
        assertThat(assignment(suite, 5)).hasSize(2);
        assertThat(suite.shard(new Shard(1, 5)).size()).isZero();
    }

    @Test
    void aShardIsWrittenIOverN() {
        assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
        assertThat(new Shard(3, 8)).hasToString("3/8");
        assertThatThrownBy(() -> Shard.parse("5/4")).hasMessage(
                "invalid shard '5/4': a shard is i/n with 1 <= i <= n, e.g. 2/4; not 5/4");
        assertThatThrownBy(() -> Shard.parse("two/4")).hasMessage(
                "invalid shard 'two/4': a shard is i/n with 1 <= i <= n, e.g. 2/4");
    }
}

package dev.tcpspec.specs;

import dev.tcpspec.dsl.Profile;
import dev.tcpspec.run.RunOptions;
import dev.tcpspec.sim.Stacks;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The whole catalog on the reference stack, under each shipped profile: every spec must pass. */
class CatalogTest {
    @TestFactory
    Stream<DynamicNode> catalogPassesOnTheReferenceStack() {
        return Profile.builtIn().stream().map(p -> DynamicContainer.dynamicContainer("profile " + p.name(),
                Catalog.all().against(Stacks.simulated()).with(RunOptions.defaults().withProfile(p)).asTests()));
    }
}

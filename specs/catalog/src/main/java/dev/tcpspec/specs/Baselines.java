package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.specs.properties.LifecycleProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids a known-deviations baseline for tcpspec's own specs may name: a catalog spec or a lifecycle property (PR-*);
 * any other id is an error naming the line. A run judges the entries about what it ran
 * ({@code KnownDeviations.restrictedTo} of tcpspec-engine).
 *
 * <pre>{@code
 * KnownDeviations baseline = KnownDeviations.read(Path.of("known-deviations.txt"), Baselines.validIds());
 * KnownDeviations forTheCatalog = baseline.restrictedTo(Baselines.catalogIds());
 * }</pre>
 */
public final class Baselines {
    private Baselines() {
    }

    /** The ids a baseline may name: the catalog's specs, then the lifecycle properties. */
    public static List<String> validIds() {
        List<String> valid = new ArrayList<>(catalogIds());
        LifecycleProperties.all().forEach(p -> valid.add(p.id()));
        return List.copyOf(valid);
    }

    /** The ids of the catalog's specs. */
    public static List<String> catalogIds() {
        return Catalog.all().specs().stream().map(Spec::id).toList();
    }
}

package dev.tcpspec.specs;

import dev.tcpspec.dsl.Spec;
import dev.tcpspec.run.KnownDeviations;
import dev.tcpspec.specs.properties.LifecycleProperties;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a known-deviations baseline for tcpspec's own specs: an entry may name a catalog spec or a lifecycle property
 * (PR-*); any other id is an error naming the line. A run judges the entries about what it ran
 * ({@link KnownDeviations#restrictedTo}).
 *
 * <pre>{@code
 * KnownDeviations baseline = Baselines.read(Path.of("known-deviations.txt"));
 * KnownDeviations forTheCatalog = baseline.restrictedTo(Baselines.catalogIds());
 * }</pre>
 */
public final class Baselines {
    private Baselines() {
    }

    /** Reads {@code file}, checking each id against the catalog and the properties. */
    public static KnownDeviations read(Path file) {
        List<String> valid = new ArrayList<>(catalogIds());
        LifecycleProperties.all().forEach(p -> valid.add(p.id()));
        return KnownDeviations.read(file, valid);
    }

    /** The ids of the catalog's specs. */
    public static List<String> catalogIds() {
        return Catalog.all().specs().stream().map(Spec::id).toList();
    }
}

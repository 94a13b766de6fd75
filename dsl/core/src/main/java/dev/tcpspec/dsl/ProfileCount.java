package dev.tcpspec.dsl;

import java.util.function.ToIntFunction;

/**
 * A number written in profile terms, resolved when a spec runs: {@code ephemeralPortCount()} is 28,232 under
 * {@code linux} and 16,384 under {@code rfc9293}. It describes itself for failure messages.
 *
 * <pre>{@code
 * ProfileCount probes = Tcp.keepAliveProbes();
 * int n = probes.resolve(Profile.linux());          // 9
 * String text = probes.plus(1).describe();          // "the keepalive probe count + 1"
 * }</pre>
 */
public final class ProfileCount {
    private final String description;
    private final ToIntFunction<Profile> resolver;

    private ProfileCount(String description, ToIntFunction<Profile> resolver) {
        this.description = description;
        this.resolver = resolver;
    }

    /** A number taken from the profile, described by {@code description}. */
    public static ProfileCount of(String description, ToIntFunction<Profile> fromProfile) {
        return new ProfileCount(description, fromProfile);
    }

    /** A fixed number. */
    public static ProfileCount fixed(int n) {
        return new ProfileCount(Integer.toString(n), p -> n);
    }

    /** The number under {@code profile}. */
    public int resolve(Profile profile) {
        return resolver.applyAsInt(profile);
    }

    /** This number plus {@code n}: {@code ephemeralPortCount().plus(1)}. */
    public ProfileCount plus(int n) {
        return new ProfileCount(description + (n < 0 ? " - " + -n : " + " + n), p -> resolve(p) + n);
    }

    /** This number plus another of the profile's: {@code synRetries().plus(synLinearTimeouts())}. */
    public ProfileCount plus(ProfileCount other) {
        return new ProfileCount(description + " + " + other.description, p -> resolve(p) + other.resolve(p));
    }

    /** This number {@code factor} times. */
    public ProfileCount times(int factor) {
        return new ProfileCount(factor + "×(" + description + ")", p -> resolve(p) * factor);
    }

    /** Half, rounded down. */
    public ProfileCount half() {
        return new ProfileCount("half of " + description, p -> resolve(p) / 2);
    }

    /** How the number is written, e.g. {@code the ephemeral port count}. */
    public String describe() {
        return description;
    }

    /** This number and its value under a profile: {@code the keepalive probe count (9)}. */
    public String describe(Profile profile) {
        String value = String.format(java.util.Locale.ROOT, "%,d", resolve(profile));
        return description.equals(Integer.toString(resolve(profile))) ? value : description + " (" + value + ")";
    }

    @Override
    public String toString() {
        return description;
    }
}

package dev.tcpspec.sim;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The discrete-event scheduler behind the reference stack: a virtual clock and the events still to run, ordered by
 * time, then by scheduling order (so equal times are deterministic). No threads, no sleeping, no wall clock: a
 * 4-minute TIME_WAIT is one event four virtual minutes ahead.
 *
 * <p>Two lanes hold the events. Most events are deliveries one wire latency ahead; scheduled in time order, they
 * queue in a plain FIFO at constant cost. Everything else (timers, delayed segments) goes to a priority queue. The
 * next event is the earlier head of the two, ties going to the one scheduled first, exactly as one queue would order
 * them.
 */
final class EventLoop {
    /** Events at most this far ahead, scheduled in time order, take the FIFO lane. */
    private static final long NEAR_NANOS = 10_000_000L;

    /**
     * A scheduled event; cancelled events stay queued and are skipped, and an event that ran counts as cancelled. A
     * frequent kind of event may extend this class and override {@link #run()} instead of carrying a separate action.
     */
    static class Event implements Comparable<Event> {
        long at;
        long order;
        private final Runnable action;
        boolean cancelled;

        Event(Runnable action) {
            this.action = action;
        }

        /** What happens when the event's time comes. */
        void run() {
            action.run();
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final ArrayDeque<Event> near = new ArrayDeque<>();
    private final PriorityQueue<Event> far = new PriorityQueue<>();
    private long now;
    private long order;
    private int live;

    /** Virtual nanoseconds since the start. */
    long now() {
        return now;
    }

    /** Runs {@code action} at {@code at} (not before now). */
    Event schedule(long at, Runnable action) {
        return schedule(at, new Event(action));
    }

    /** Schedules {@code e} (not yet scheduled) at {@code at} (not before now). */
    Event schedule(long at, Event e) {
        e.at = Math.max(at, now);
        e.order = order++;
        Event tail = near.peekLast();
        if (e.at - now <= NEAR_NANOS && (tail == null || tail.at <= e.at)) {
            near.addLast(e);
        } else {
            far.add(e);
        }
        live++;
        return e;
    }

    void cancel(Event e) {
        if (e != null && !e.cancelled) {
            e.cancelled = true;
            live--;
        }
    }

    /** True if any event is still to run. */
    boolean hasPending() {
        return live > 0;
    }

    /** The next event to run, cancelled ones discarded, or null. */
    private Event peek() {
        Event a = near.peekFirst();
        while (a != null && a.cancelled) {
            near.pollFirst();
            a = near.peekFirst();
        }
        Event b = far.peek();
        while (b != null && b.cancelled) {
            far.poll();
            b = far.peek();
        }
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Runs events in order until {@code done} holds (checked before each event) or the next event lies beyond
     * {@code deadline}; in the latter case the clock moves to {@code deadline}. Returns whether {@code done} held.
     */
    boolean runUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            Event next = peek();
            if (next == null || next.at > deadline) {
                if (deadline != Long.MAX_VALUE) now = Math.max(now, deadline);
                return false;
            }
            if (next == near.peekFirst()) {
                near.pollFirst();
            } else {
                far.poll();
            }
            live--;
            next.cancelled = true; // it has run: cancelling it from its own action must not count it twice
            now = next.at;
            next.run();
        }
        return true;
    }

    /** Lets time pass until {@code deadline}, running every event due by then. */
    void runTo(long deadline) {
        runUntil(() -> false, deadline);
    }
}

package dev.tcpspec.sim;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The discrete-event scheduler behind the reference stack: a virtual clock and a queue of events ordered by time,
 * then by scheduling order (so equal times are deterministic). No threads, no sleeping, no wall clock: a 4-minute
 * TIME_WAIT is one event four virtual minutes ahead.
 */
final class EventLoop {
    /** A scheduled event; cancelled events stay in the queue and are skipped. An event that ran counts as cancelled. */
    static final class Event implements Comparable<Event> {
        final long at;
        final long order;
        final Runnable action;
        boolean cancelled;

        Event(long at, long order, Runnable action) {
            this.at = at;
            this.order = order;
            this.action = action;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long order;
    private int live;

    /** Virtual nanoseconds since the start. */
    long now() {
        return now;
    }

    /** Runs {@code action} at {@code at} (not before now). */
    Event schedule(long at, Runnable action) {
        Event e = new Event(Math.max(at, now), order++, action);
        queue.add(e);
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

    /**
     * Runs events in order until {@code done} holds (checked before each event) or the next event lies beyond
     * {@code deadline}; in the latter case the clock moves to {@code deadline}. Returns whether {@code done} held.
     */
    boolean runUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            Event next = queue.peek();
            while (next != null && next.cancelled) {
                queue.poll();
                next = queue.peek();
            }
            if (next == null || next.at > deadline) {
                if (deadline != Long.MAX_VALUE) now = Math.max(now, deadline);
                return false;
            }
            queue.poll();
            live--;
            next.cancelled = true; // it has run: cancelling it from its own action must not count it twice
            now = next.at;
            next.action.run();
        }
        return true;
    }

    /** Lets time pass until {@code deadline}, running every event due by then. */
    void runTo(long deadline) {
        runUntil(() -> false, deadline);
    }
}

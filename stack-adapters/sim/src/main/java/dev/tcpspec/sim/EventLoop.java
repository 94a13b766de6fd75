package dev.tcpspec.sim;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * The discrete-event scheduler behind the reference stack: a virtual clock and the events still to run, ordered by
 * time, then by scheduling order (so equal times are deterministic). No threads, no sleeping, no wall clock: a
 * 4-minute TIME_WAIT is one event four virtual minutes ahead.
 *
 * <p>Time may also be real ({@link #runInRealTime}): the reference stack then plays the peer of a stack outside
 * tcpspec (a kernel behind a TUN device) on the wall clock. {@link #now()} follows a {@link RealTime} clock, an event
 * runs once its time has come (and is stamped with the time it ran), and while nothing is due the loop waits for what
 * the outside sends, which it hands to the wire.
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

    /**
     * Where real time comes from, and how the loop waits for the world outside when nothing is due: a stack that
     * sends segments of its own accord (a kernel's timers) must be listened to while the loop waits.
     */
    interface RealTime {
        /** Nanoseconds on the loop's clock now; never less than an earlier reading. */
        long now();

        /**
         * Waits at most {@code nanos} for the outside to send something, handing whatever arrives to the wire (which
         * schedules its delivery); returns early, true, when something arrived.
         */
        boolean await(long nanos);

        /**
         * An event ran {@code nanos} after its time (this process did not get to run: a garbage collection, a busy
         * machine); called when that is more than {@link #LATE_NANOS}, for the trace to say so.
         */
        default void late(long nanos) {
        }
    }

    /** On real time, an event this late is worth a note: the stack's peer acted late, not the stack. */
    static final long LATE_NANOS = 50_000_000L;

    private final ArrayDeque<Event> near = new ArrayDeque<>();
    /** Null on virtual time. */
    private RealTime realTime;
    /**
     * On real time, while an event runs: its clock stands still, so what one event does (a segment arrives, the state
     * changes, the answer leaves) carries one time, as on virtual time.
     */
    private boolean inEvent;
    /** On real time: the due time of the last event run; no event is scheduled before it. */
    private long lastRunAt;
    private final PriorityQueue<Event> far = new PriorityQueue<>();
    private long now;
    private long order;
    private int live;

    /** Nanoseconds since the start: virtual, or from the real-time clock. */
    long now() {
        if (realTime != null && !inEvent) now = Math.max(now, realTime.now());
        return now;
    }

    /** From now on time is real: it comes from {@code clock}, and waiting means waiting for the outside. */
    void runInRealTime(RealTime clock) {
        this.realTime = clock;
        now = Math.max(now, clock.now());
    }

    /** Whether the loop runs on real time. */
    boolean realTime() {
        return realTime != null;
    }

    /** The time of the next event still to run, or {@link Long#MAX_VALUE} when none is. */
    long nextEventAt() {
        Event next = peek();
        return next == null ? Long.MAX_VALUE : next.at;
    }

    /** Runs {@code action} at {@code at} (not before now). */
    Event schedule(long at, Runnable action) {
        return schedule(at, new Event(action));
    }

    /** Schedules {@code e} (not yet scheduled) at {@code at} (not before now). */
    Event schedule(long at, Event e) {
        // on real time an event may be dated in the past (a segment the outside sent during a stall of this process,
        // read only now), though never before the last event that ran: it then runs before the overdue ones
        e.at = Math.max(at, realTime != null ? lastRunAt : now);
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
        if (realTime != null) return runUntilInRealTime(done, deadline);
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

    /**
     * {@link #runUntil} on real time: events run once their time has come, in order; in between the loop waits for
     * the outside, at most until the next event or the deadline, and checks {@code done} again after each arrival.
     */
    private boolean runUntilInRealTime(BooleanSupplier done, long deadline) {
        while (true) {
            now();
            if (done.getAsBoolean()) return true;
            Event next = peek();
            if (next != null && next.at <= now) {
                // what the outside sent first: after a stall (a GC pause, a busy machine) the outside's segments
                // waiting since then arrived before the overdue timers would have fired
                if (realTime.await(0)) continue;
                runNow(next);
                continue;
            }
            if (now >= deadline) return false;
            long until = next == null ? deadline : Math.min(next.at, deadline);
            realTime.await(until - now);
        }
    }

    /**
     * On real time: runs every event due now and takes in what the outside has already sent, until neither is left.
     * With a lock-step outside (a kernel answers a segment written into it before the write returns) everything the
     * present moment causes has then happened.
     */
    void settle() {
        while (true) {
            boolean took = realTime.await(0);
            boolean ran = false;
            Event next;
            while ((next = peek()) != null && next.at <= now()) {
                runNow(next);
                ran = true;
            }
            if (!took && !ran) return;
        }
    }

    /** Runs {@code next}, the head of the queue, on real time (stamped with the present, not its due time). */
    private void runNow(Event next) {
        if (next == near.peekFirst()) {
            near.pollFirst();
        } else {
            far.poll();
        }
        live--;
        next.cancelled = true;
        lastRunAt = next.at;
        if (now - next.at > LATE_NANOS) realTime.late(now - next.at);
        inEvent = true;
        try {
            next.run();
        } finally {
            inEvent = false;
        }
    }

    /** Lets time pass until {@code deadline}, running every event due by then. */
    void runTo(long deadline) {
        runUntil(() -> false, deadline);
    }
}

package dev.tcpspec.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects trace events while a scenario runs. Stack adapters and the scenario runner both write to it; each event
 * carries its own timestamp. Safe to use from several threads (a capture thread, say); {@link #build} orders events
 * by time, keeping the recorded order among equal timestamps.
 *
 * <pre>{@code
 * TraceRecorder rec = new TraceRecorder();
 * rec.record(new TraceEvent.Note(now, "fault: drop ack-of-fin #1 from client"));
 * Trace trace = rec.build(info, now);
 * }</pre>
 */
public final class TraceRecorder {
    private final List<TraceEvent> events = new ArrayList<>(64);
    private final boolean recording;
    private int nextSegmentId;
    private long lastNanos = Long.MIN_VALUE;
    private boolean inOrder = true;

    /** A recorder that keeps every event. */
    public TraceRecorder() {
        this(true);
    }

    private TraceRecorder(boolean recording) {
        this.recording = recording;
    }

    /**
     * A recorder that keeps nothing, for benchmarks that measure a stack without its tracing: a stack may skip
     * building events when {@link #isRecording()} is false. Specs are never judged on such a recorder.
     */
    public static TraceRecorder discarding() {
        return new TraceRecorder(false);
    }

    /** False for a {@link #discarding()} recorder. */
    public boolean isRecording() {
        return recording;
    }

    /** Appends an event. */
    public synchronized void record(TraceEvent event) {
        if (!recording) return;
        long t = event.nanos();
        if (t < lastNanos) inOrder = false;
        lastNanos = t;
        events.add(event);
    }

    /** A fresh number for a segment, used to link its {@link TraceEvent.Delivery} events. */
    public synchronized int nextSegmentId() {
        return nextSegmentId++;
    }

    /** How many segments have been numbered so far: every segment sent or injected (for rates in benchmarks). */
    public synchronized int segmentsSoFar() {
        return nextSegmentId;
    }

    /** A snapshot of what has been recorded so far, in recording order. */
    public synchronized List<TraceEvent> eventsSoFar() {
        return List.copyOf(events);
    }

    /** The finished trace, events ordered by time (stable), observation ending at {@code endNanos}. */
    public synchronized Trace build(TraceInfo info, long endNanos) {
        if (inOrder) return new Trace(info, events, endNanos); // the usual case on virtual time: nothing to sort
        List<TraceEvent> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        return new Trace(info, sorted, endNanos);
    }
}

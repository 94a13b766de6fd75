package dev.tcpspec.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A held-back segment that nothing overtakes is released by its own timer event, which cancels itself on the way
 * (Network.release). An event that has run must not count as pending twice: before the fix the clock believed
 * nothing was pending any more and ended the run with TIME_WAIT still armed (found by the property engine, PR-1
 * under "hold back ack-of-fin #1 from client behind 1").
 */
class EventLoopTest {
    @Test
    void anEventThatCancelsItselfWhileRunningLeavesLaterEventsPending() {
        EventLoop loop = new EventLoop();
        EventLoop.Event[] self = new EventLoop.Event[1];
        boolean[] laterRan = {false};
        self[0] = loop.schedule(10, () -> loop.cancel(self[0]));
        loop.schedule(240_000_000_000L, () -> laterRan[0] = true);
        loop.runUntil(() -> !loop.hasPending(), Long.MAX_VALUE);
        assertThat(laterRan[0]).isTrue();
        assertThat(loop.now()).isEqualTo(240_000_000_000L);
        assertThat(loop.hasPending()).isFalse();
    }
}

package dev.tcpspec.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqTest {
    @Test
    void comparesAcrossTheWrap() {
        int beforeWrap = 0xFFFF_FFF0;
        int afterWrap = 0x0000_0010;
        assertThat(Seq.lt(beforeWrap, afterWrap)).isTrue();
        assertThat(Seq.gt(afterWrap, beforeWrap)).isTrue();
        assertThat(Seq.diff(afterWrap, beforeWrap)).isEqualTo(0x20);
        assertThat(Seq.inWindow(0xFFFF_FFFF, beforeWrap, afterWrap)).isTrue();
        assertThat(Seq.inWindow(afterWrap, beforeWrap, afterWrap)).isFalse();
    }

    @Test
    void printsUnsigned() {
        assertThat(Seq.str(-1)).isEqualTo("4294967295");
    }
}

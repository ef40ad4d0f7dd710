package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SendSummaryTest {
    @Test
    void parse_readsEveryField() {
        SendSummary summary = SendSummary.parse("{\"id\":\"local:x\",\"send\":{\"requested\":100,\"sent\":100,\"received\":100,"
                + "\"errors\":0,\"missing\":0,\"seconds\":0.5,\"throughput\":200.0,"
                + "\"transactions\":{\"client\":210,\"workers\":205,\"perRoundTrip\":4.15},"
                + "\"latencyMs\":{\"p50\":12.5,\"p99\":40.25}}}\n");
        assertEquals(200.0, summary.throughput().getAsDouble());
        assertEquals(4.15, summary.transactionsPerRt().getAsDouble());
        assertEquals(12.5, summary.p50Ms().getAsDouble());
        assertEquals(40.25, summary.p99Ms().getAsDouble());
        assertEquals(0.5, summary.seconds().getAsDouble());
        assertTrue(summary.complete());
    }

    @Test
    void parse_withoutTransactionsOrLatencies_leavesThemEmpty() {
        SendSummary summary = SendSummary.parse("{\"send\":{\"requested\":5,\"received\":5,\"errors\":0,\"missing\":0,"
                + "\"throughput\":50.0,\"transactions\":{\"client\":12}}}");
        assertEquals(50.0, summary.throughput().getAsDouble());
        assertTrue(summary.transactionsPerRt().isEmpty());
        assertTrue(summary.p50Ms().isEmpty());
        assertTrue(summary.p99Ms().isEmpty());
    }

    @Test
    void parse_takesTheLastSummaryLine() {
        SendSummary summary = SendSummary.parse("{\"request\":\"x\",\"reply\":\"x\"}\n"
                + "{\"send\":{\"requested\":1,\"received\":1,\"errors\":0,\"missing\":0,\"throughput\":3.0}}\n");
        assertEquals(3.0, summary.throughput().getAsDouble());
    }

    @Test
    void complete_isFalseWhenRepliesAreMissingOrInError() {
        assertFalse(SendSummary.parse("{\"send\":{\"requested\":5,\"received\":4,\"errors\":0,\"missing\":1}}").complete());
        assertFalse(SendSummary.parse("{\"send\":{\"requested\":5,\"received\":5,\"errors\":1,\"missing\":0}}").complete());
        assertFalse(SendSummary.parse("{\"send\":{\"requested\":5}}").complete());
    }

    @Test
    void parse_withoutASummary_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> SendSummary.parse("local:abc\n"));
        assertThrows(IllegalArgumentException.class, () -> SendSummary.parse("{\"id\":\"local:abc\"}"));
    }
}

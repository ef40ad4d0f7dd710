package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void lowerBound_isMetAtOrAboveIt() {
        assertEquals("met", new Target("ratio", OptionalDouble.of(85), 85, false, " %").verdict());
        assertEquals("met", new Target("ratio", OptionalDouble.of(93.1), 85, false, " %").verdict());
        assertEquals("not met", new Target("ratio", OptionalDouble.of(84.9), 85, false, " %").verdict());
    }

    @Test
    void upperBound_isMetAtOrBelowIt() {
        assertEquals("met", new Target("tx", OptionalDouble.of(4.2), 4.2, true, "").verdict());
        assertEquals("not met", new Target("tx", OptionalDouble.of(4.21), 4.2, true, "").verdict());
    }

    @Test
    void noValue_isNeitherMetNorNot() {
        assertEquals("n/a", new Target("tx", OptionalDouble.empty(), 4.2, true, "").verdict());
    }

    @Test
    void line_showsValueBoundAndVerdict() {
        String line = new Target("worker RSS", OptionalDouble.of(123.4), 200, true, " MB").line();
        assertTrue(line.startsWith("worker RSS "), line);
        assertTrue(line.contains("123 MB   target <= 200 MB   met"), line);
    }
}

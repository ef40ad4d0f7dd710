package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FiguresTest {
    private static OptionalDouble of(double value) {
        return OptionalDouble.of(value);
    }

    @Test
    void median_ofAnOddCount_isTheMiddleValue() {
        assertEquals(of(5), Figures.median(List.of(of(9), of(1), of(5))));
    }

    @Test
    void median_ofAnEvenCount_isTheMeanOfTheMiddleTwo() {
        assertEquals(of(4.5), Figures.median(List.of(of(9), of(1), of(4), of(5))));
    }

    @Test
    void median_leavesOutAbsentValues() {
        assertEquals(of(3), Figures.median(List.of(OptionalDouble.empty(), of(3))));
    }

    @Test
    void median_ofNothing_isEmpty() {
        assertTrue(Figures.median(List.of(OptionalDouble.empty())).isEmpty());
        assertTrue(Figures.median(List.of()).isEmpty());
    }

    @Test
    void percentile_isTheNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[99 - i] = i + 1; // 100 .. 1, unsorted
        }
        assertEquals(50, Figures.percentile(hundred, 50));
        assertEquals(99, Figures.percentile(hundred, 99));
        assertEquals(100, Figures.percentile(hundred, 100));
        assertEquals(7, Figures.percentile(new long[] {7}, 99));
        assertEquals(20, Figures.percentile(new long[] {10, 20, 30}, 50));
    }

    @Test
    void percentile_doesNotReorderItsInput() {
        long[] values = {3, 1, 2};
        Figures.percentile(values, 50);
        assertEquals(3, values[0]);
    }

    @Test
    void percentile_ofNothingOrOutOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Figures.percentile(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Figures.percentile(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Figures.percentile(new long[] {1}, 101));
    }

    @Test
    void ratio_needsBothAndAPositiveDenominator() {
        assertEquals(of(0.5), Figures.ratio(of(1), of(2)));
        assertTrue(Figures.ratio(OptionalDouble.empty(), of(2)).isEmpty());
        assertTrue(Figures.ratio(of(1), OptionalDouble.empty()).isEmpty());
        assertTrue(Figures.ratio(of(1), of(0)).isEmpty());
    }

    @Test
    void format_showsNaForAbsent() {
        assertEquals("n/a", Figures.format(OptionalDouble.empty(), 1));
        assertEquals("1234.6", Figures.format(of(1234.56), 1));
    }
}

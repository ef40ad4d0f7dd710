package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sessionjar.BadInputException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorMainTest {
    @Test
    void interval_defaultsToOneSecond() {
        assertEquals(Duration.ofSeconds(1), SupervisorMain.interval(Map.of()));
        assertEquals(Duration.ofSeconds(1), SupervisorMain.interval(Map.of(SupervisorMain.INTERVAL, " ")));
    }

    @Test
    void interval_isTakenInMilliseconds() {
        assertEquals(Duration.ofMillis(250), SupervisorMain.interval(Map.of(SupervisorMain.INTERVAL, "250")));
    }

    @Test
    void interval_outOfRangeOrNotANumber_namesTheVariable() {
        for (String bad : new String[] {"10", "3600001", "fast"}) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> SupervisorMain.interval(Map.of(SupervisorMain.INTERVAL, bad)));
            assertEquals(SupervisorMain.INTERVAL + " (" + bad + ") must be a number of milliseconds from 50 to 3600000",
                    e.getMessage());
        }
    }
}

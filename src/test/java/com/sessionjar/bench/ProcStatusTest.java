package com.sessionjar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 3412345 kB
            VmHWM:\t  154321 kB
            VmRSS:\t  120000 kB
            Threads:\t42
            """;

    @Test
    void kilobytes_readsTheField() {
        assertEquals(OptionalLong.of(154321), ProcStatus.kilobytes(STATUS, ProcStatus.PEAK));
        assertEquals(OptionalLong.of(120000), ProcStatus.kilobytes(STATUS, ProcStatus.CURRENT));
    }

    @Test
    void kilobytes_ofAMissingField_isEmpty() {
        // a zombie's status has no Vm lines
        assertTrue(ProcStatus.kilobytes("Name:\tjava\nState:\tZ (zombie)\n", ProcStatus.PEAK).isEmpty());
        assertTrue(ProcStatus.kilobytes("VmHWM:\tlots kB\n", ProcStatus.PEAK).isEmpty());
    }

    @Test
    void kilobytes_ofThisProcess_isPositive() {
        long kb = ProcStatus.kilobytes(ProcessHandle.current().pid(), ProcStatus.PEAK).orElseThrow();
        assertTrue(kb > 1000, "VmHWM " + kb + " kB");
        assertTrue(ProcStatus.kilobytes(Long.MAX_VALUE, ProcStatus.PEAK).isEmpty());
    }
}

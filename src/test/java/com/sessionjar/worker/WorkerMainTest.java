package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sessionjar.protocol.WorkerSettings;
import org.junit.jupiter.api.Test;

class WorkerMainTest {
    /** Providers start workers by this name without importing the worker: it must stay the real class. */
    @Test
    void mainClass_namedByTheProtocol_isThisClass() {
        assertEquals(WorkerMain.class.getName(), WorkerSettings.MAIN_CLASS);
    }
}

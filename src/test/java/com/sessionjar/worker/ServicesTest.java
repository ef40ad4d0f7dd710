package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.service.CgiReply;
import com.sessionjar.service.CgiService;
import com.sessionjar.service.Service;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {
    @Test
    void cgi_isAvailable_inAnyCase_andConfiguredFromTheEnvironment() throws Exception {
        assertTrue(Services.isAvailable("CGI"));
        try (Service service = Services.create("Cgi", Map.of("CGI_FileName", "wc", "CGI_Arguments", "-c"))) {
            assertInstanceOf(CgiService.class, service);
            assertEquals(new CgiReply(0, "3\n", "", null), CgiReply.parse(service.call("abc")));
        }
    }

    @Test
    void cgi_withoutItsProgram_failsWorkerStartUp_namingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Services.create("cgi", Map.of()));
        assertTrue(e.getMessage().startsWith("CGI_FileName is not set"), e.getMessage());
    }

    @Test
    void unknownService_isRefused_listingTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Services.create("nosuch", Map.of()));
        assertTrue(e.getMessage().startsWith("Service 'nosuch' is not available") && e.getMessage().contains("cgi"),
                e.getMessage());
    }
}

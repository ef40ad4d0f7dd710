package com.sessionjar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.ServiceKind;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.CgiReply;
import com.sessionjar.service.CgiService;
import com.sessionjar.service.Service;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {
    @Test
    void cgi_isAvailable_inAnyCase_andConfiguredFromTheEnvironment() throws Exception {
        assertEquals(ServiceKind.CGI, ServiceKind.of("CGI"));
        try (Service service = Services.create("Cgi", Map.of("CGI_FileName", "wc", "CGI_Arguments", "-c"))) {
            assertInstanceOf(CgiService.class, service);
            assertEquals(new CgiReply(0, "3\n", "", null), CgiReply.parse(service.call("abc")));
        }
    }

    /** The worker sends whatever the service returns: a reply the queue refused would be retried forever. */
    @Test
    void cgi_replyToAnyOutput_canBeSentAsAQueueMessage() throws Exception {
        String script = "printf '\\357\\277\\276\\357\\277\\277\\000\\033'; head -c 200000 /dev/urandom; "
                + "head -c 200000 /dev/urandom >&2";
        Map<String, String> environment = Map.of("CGI_FileName", "sh", "CGI_Arguments", "-c \"" + script + "\"");
        try (Service service = Services.create("cgi", environment)) {
            String reply = service.call("");
            assertEquals(reply, MessageText.check(reply));
            assertTrue(CgiReply.parse(reply).stdout().startsWith("\uFFFE\uFFFF\0\u001b"));
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

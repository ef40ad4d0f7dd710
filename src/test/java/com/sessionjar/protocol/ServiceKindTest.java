package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceKindTest {
    @Test
    void names_areTheConfigsLowercaseNames_inOrder() {
        assertEquals(List.of("echo", "grpc", "cgi"), ServiceKind.NAMES);
    }

    @Test
    void find_ignoresCaseAndSurroundingBlanks() {
        assertEquals(Optional.of(ServiceKind.GRPC), ServiceKind.find(" GRpc "));
        assertEquals(Optional.empty(), ServiceKind.find("ssh"));
        assertEquals(Optional.empty(), ServiceKind.find(null));
    }

    @Test
    void of_unknownName_namesItAndTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceKind.of("nosuch"));
        assertTrue(e.getMessage().contains("'nosuch'") && e.getMessage().contains("echo, grpc, cgi"), e.getMessage());
    }
}

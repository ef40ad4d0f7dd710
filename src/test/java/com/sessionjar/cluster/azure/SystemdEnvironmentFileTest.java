package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SystemdEnvironmentFileTest {
    @Test
    void render_escapesBackslashQuoteDollarAndBacktickOnly() {
        String file = SystemdEnvironmentFile.render("header", Map.of("A", "\\ \" $ ` ' % plain"), (n, v) -> v);

        assertEquals("# header\nA=\"\\\\ \\\" \\$ \\` ' % plain\"\n", file);
    }

    @Test
    void render_roundTripsThroughSystemdsRules() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("EMPTY", "");
        environment.put("TRAILING_BACKSLASH", "ends with \\");
        environment.put("ONLY_QUOTE", "\"");
        environment.put("SPACES", "  both sides  ");

        String file = SystemdEnvironmentFile.render("h", environment, (n, v) -> v);

        assertEquals(environment, NodeBootstrapTest.parseSystemdEnvironmentFile(file));
    }

    @Test
    void render_passesValuesThroughShown() {
        String file = SystemdEnvironmentFile.render("h", Map.of("SECRET", "x"), (n, v) -> n.equals("SECRET") ? "<r>" : v);

        assertEquals("# h\nSECRET=\"<r>\"\n", file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ST", "WITH-DASH", "WITH.DOT", "WITH SPACE", ""})
    void render_nameSystemdWouldIgnore_isRefusedNamingIt(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SystemdEnvironmentFile.render("h", Map.of(name, "v"), (n, v) -> v));

        assertTrue(error.getMessage().contains("'" + name + "'"), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\0b"})
    void render_valueWithLineBreakOrNul_isRefusedNamingTheVariable(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SystemdEnvironmentFile.render("h", Map.of("NAME", value), (n, v) -> v));

        assertTrue(error.getMessage().contains("NAME"), error.getMessage());
    }
}

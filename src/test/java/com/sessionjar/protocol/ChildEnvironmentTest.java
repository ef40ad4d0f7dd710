package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    @Test
    void withoutSessionSecrets_removesTheConnectionString_andKeepsEverythingElse() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("env");
        builder.environment().put(WorkerSettings.CONNECTION_STRING, "AccountKey=not-for-children");
        builder.environment().put("USER_SECURE_VALUE", "the user's, for the program");

        List<String> lines = run(ChildEnvironment.withoutSessionSecrets(builder));

        assertTrue(lines.contains("USER_SECURE_VALUE=the user's, for the program"), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("PATH=")), lines::toString);
        assertFalse(lines.stream().anyMatch(line -> line.contains("Queues__ConnectionString")
                || line.contains("not-for-children")), lines::toString);
    }

    @Test
    void withoutSessionSecrets_returnsTheSameBuilder() {
        ProcessBuilder builder = new ProcessBuilder("true");
        assertEquals(builder, ChildEnvironment.withoutSessionSecrets(builder));
    }

    private static List<String> run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.lines().toList();
    }
}

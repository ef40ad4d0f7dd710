package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every bash example of docs/scripting.md (the Scripting section, once in the README), in
 * order, as one script under {@code bash} with {@code set -euo pipefail}, so that they cannot rot:
 * any failing line fails it.
 */
class ReadmeExamplesIT {
    private static final Path SCRIPTING = Path.of("docs", "scripting.md");

    @RegisterExtension
    final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private final Path temp = sessions.temp();
    private final SessionJar jar = sessions.jar();

    @Test
    void scriptingExamples_runAsWritten() throws Exception {
        List<String> blocks = bashBlocksOf(Files.readString(SCRIPTING));
        assertTrue(blocks.size() >= 5, SCRIPTING + "'s examples: " + blocks);
        Path script = Files.writeString(temp.resolve("examples.sh"),
                "set -euo pipefail\n" + String.join("\n", blocks) + "\necho EXAMPLES-DONE\n");

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("output.txt").toFile());
        jar.putEnvironment(builder.environment());
        Process bash = builder.start();
        boolean ended = bash.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(temp.resolve("output.txt"));
        if (!ended) {
            bash.destroyForcibly();
        }
        assertTrue(ended, "the examples did not finish within 5 minutes:\n" + output);
        assertEquals(0, bash.exitValue(), "the examples failed:\n" + output);
        assertTrue(output.contains("EXAMPLES-DONE"), output);
        assertTrue(output.contains("answer: {\"request\":\"beta\",\"reply\":\"beta\"}"), output);
        assertTrue(output.contains("complete -o default -F _complete_session session"), output);
        assertEquals(List.of(), jar.sessionIds(), "the examples delete the session they make");
        System.out.println("ReadmeExamplesIT: " + blocks.size() + " bash blocks of " + SCRIPTING + " ran");
    }

    /** Every ```bash block of {@code markdown}, in order. */
    static List<String> bashBlocksOf(String markdown) {
        List<String> blocks = new ArrayList<>();
        for (int open = markdown.indexOf("```bash\n"); open >= 0; open = markdown.indexOf("```bash\n", open + 1)) {
            int close = markdown.indexOf("\n```", open + 8);
            assertTrue(close >= 0, "a ```bash block is not closed");
            blocks.add(markdown.substring(open + 8, close + 1));
        }
        return blocks;
    }
}

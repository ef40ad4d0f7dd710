package com.sessionjar.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import com.sessionjar.it.AzuriteProcess;
import com.sessionjar.protocol.MessageText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The size limit of {@link MessageText} against the real Azurite session.jar uses: for every kind
 * of text, each of the {@value #SIZES} largest sizes the limit lets through comes back intact, and
 * the next sizes are refused before anything is sent. The queue's name has 63 characters, the
 * longest a session's queue can have (where Azurite damages text depends on it). The full scan,
 * far past the limit, is {@link MessageSizeScan}.
 */
class MessageSizeLimitIT {
    private static final int SIZES = 64;

    @TempDir
    static Path data;
    private static AzuriteProcess azurite;
    private static MessageQueue queue;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteProcess.start(data.resolve("azurite"));
        queue = azurite.account().queue(MessageSizeScan.queueName(0));
        queue.createIfNotExists();
    }

    @AfterAll
    static void stopAzurite() throws InterruptedException {
        if (azurite != null) {
            azurite.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SizedText.class)
    void sizesUpToTheLimit_comeBackIntact_andTheNextAreRefusedBeforeSending(SizedText kind) {
        int largest = largestAccepted(kind);
        List<String> damaged = new ArrayList<>();
        for (int bytes = largest - SIZES + 1; bytes <= largest; bytes++) {
            String text = kind.of(bytes);
            queue.send(text);
            List<ReceivedMessage> received = queue.receive(1, Duration.ofMinutes(1));
            assertEquals(1, received.size(), bytes + " bytes: nothing came back");
            queue.delete(received.get(0));
            String result = MessageSizeScan.compare(text, received.get(0).text());
            if (!result.equals("intact")) {
                damaged.add(bytes + " bytes: " + result);
            }
        }
        assertEquals(List.of(), damaged, kind + " up to " + largest + " bytes");

        for (int bytes = largest + 1; bytes <= largest + 8; bytes++) {
            String text = kind.of(bytes);
            BadInputException e = assertThrows(BadInputException.class, () -> queue.send(text), bytes + " bytes");
            assertTrue(e.getMessage().startsWith(String.format(Locale.ROOT, "Message is %,d bytes in UTF-8", bytes)), e.getMessage());
        }
        assertEquals(List.of(), queue.receive(1, Duration.ofMinutes(1)), "nothing over the limit was sent");
    }

    /** The largest size of {@code kind}, in UTF-8, that {@link MessageText} lets through (it counts escapes for non-ASCII). */
    private static int largestAccepted(SizedText kind) {
        int low = 1; // fits
        int high = MessageText.MAX_BYTES + 1; // does not
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (fits(kind.of(middle))) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static boolean fits(String text) {
        try {
            MessageText.check(text);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }
}

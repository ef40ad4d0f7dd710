package com.sessionjar.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.sessionjar.protocol.MessageText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link MessageQueue} puts on the wire, through the real SDK and an in-memory queue service. */
class MessageQueueTest {
    @Test
    void createIfNotExists_withMetadata_saysMadeOnlyWhenItWasMissing_notForThe204OfOneThere() {
        MessageQueue queue = new InMemoryQueueService().account().queue("made");

        assertTrue(queue.createIfNotExists(Map.of("owner", "test")), "201: made now");
        assertFalse(queue.createIfNotExists(Map.of("owner", "test")), "204: there already, with the same metadata");
        queue.deleteIfExists();
        assertTrue(queue.createIfNotExists(Map.of("owner", "test")), "gone, then made again");
    }

    @Test
    void send_bodyIsTheTextAsSent_soMessageTextCountsWhatTheQueueServiceReads() {
        List<Integer> bodies = new ArrayList<>();
        HttpPipelinePolicy bodySize = (context, next) -> {
            if (context.getHttpRequest().getHttpMethod() == HttpMethod.POST) {
                bodies.add(context.getHttpRequest().getBodyAsBinaryData().toBytes().length);
            }
            return next.process();
        };
        InMemoryQueueService service = new InMemoryQueueService();
        MessageQueue queue = QueueAccount.fromConnectionString(InMemoryQueueService.connectionString(), QueueAccount.RETRIES,
                List.of(bodySize), service).queue("wire");
        queue.createIfNotExists();
        List<String> texts = new ArrayList<>(List.of("x", "]]>", "]>", "]]]>", "] >", "a>b", "\u00e9\u20ac\ud83d\ude00",
                "\u0085\u2028\ufeff\ufffd"));
        // Every ASCII character XML may carry, each beside a non-ASCII one, before '>' and doubled.
        for (char c = 0x20; c < 0x7f; c++) {
            texts.add("\u00e9" + c + c + ">");
        }
        texts.addAll(List.of("\t", "\n", "\r", "\r\n"));

        texts.forEach(queue::send);

        int xml = bodies.get(0) - 1; // the XML around the one byte of "x"
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(MessageText.sentLength(texts.get(i)), bodies.get(i) - xml, "as sent: " + texts.get(i));
        }
    }
}

package com.sessionjar.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.InMemoryQueueService;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A run fed from a stream, as {@code --send -} feeds it from stdin, through the real SDK and
 * {@link RoundTrip} over the in-memory queue service, whose request queue answers at once: the
 * stream is read only as fast as the window lets requests out, so an input of any length is
 * held in bounded memory.
 */
class StreamingRunTest {
    private static final int LINES = 100_000;
    private static final int WINDOW = 256;

    @Test
    void hundredThousandLines_streamThrough_neverReadFurtherAheadThanTheWindow() throws Exception {
        InMemoryQueueService service = new InMemoryQueueService();
        QueueAccount account = service.account();
        MessageQueue requests = account.queue("requests");
        MessageQueue responses = account.queue("responses");
        requests.createIfNotExists();
        responses.createIfNotExists();
        service.answerAtOnce("requests", text -> {
            Envelope request = Envelope.parse(text);
            return Map.entry(request.replyTo(), request.reply(request.body()).text());
        });
        LineStream input = new LineStream(LINES);
        AtomicLong answered = new AtomicLong();
        AtomicLong mostBytesAhead = new AtomicLong();
        RoundTrip run = new RoundTrip(requests, responses, WINDOW, false, SendOptions.DEFAULT);

        SendResult result = run.run(Exchange.echo(),
                new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).lines().iterator(), -1, answer -> {
                    assertTrue(answer.isGood(), answer::toString);
                    long ahead = input.bytesRead() - answered.incrementAndGet() * LineStream.LINE_BYTES;
                    mostBytesAhead.accumulateAndGet(ahead, Math::max);
                });

        assertEquals(LINES, result.requested());
        assertEquals(LINES, result.received());
        assertEquals(0, result.errors());
        assertEquals(0, result.missing());
        assertEquals(LINES * (long) LineStream.LINE_BYTES, input.bytesRead());
        // In flight: the window's lines, plus what the readers buffer (8 KiB each for BufferedReader and the decoder).
        long bound = WINDOW * (long) LineStream.LINE_BYTES + 2 * 8192 + LineStream.LINE_BYTES;
        assertTrue(mostBytesAhead.get() <= bound, "read " + mostBytesAhead.get() + " bytes ahead of the answers; bound " + bound);
        assertEquals(0, service.messageCount(requests.name()));
        assertEquals(Map.of(), responses.siblingsStartingWith("responses-c"), "the run deleted its reply queue");
        System.out.println("StreamingRunTest: " + LINES + " lines through a window of " + WINDOW + ", at most "
                + mostBytesAhead.get() + " bytes read ahead of the answers (bound " + bound + "), in "
                + result.elapsed().toSeconds() + " s");
    }

    /** {@code count} distinct lines of {@value #LINE_BYTES} bytes, made as they are read, counting what is read. */
    private static final class LineStream extends InputStream {
        static final int LINE_BYTES = 12; // "line 000001\n"
        private final int count;
        private long position;

        LineStream(int count) {
            this.count = count;
        }

        long bytesRead() {
            synchronized (this) {
                return position;
            }
        }

        @Override
        public synchronized int read() {
            if (position >= (long) count * LINE_BYTES) {
                return -1;
            }
            long line = position / LINE_BYTES;
            int offset = (int) (position % LINE_BYTES);
            position++;
            return String.format("line %06d\n", line).charAt(offset);
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) {
            int n = 0;
            for (int b; n < length && (b = read()) >= 0; n++) {
                buffer[offset + n] = (byte) b;
            }
            return n == 0 && length > 0 ? -1 : n;
        }
    }
}

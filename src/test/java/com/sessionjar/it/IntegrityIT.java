package com.sessionjar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.SendMessageResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.sessionjar.it.FaultIT.Accounting;
import com.sessionjar.it.SessionJar.Result;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.GrpcRequest;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.protocol.hello.GreeterGrpc;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.protocol.hello.HelloRequest;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.queue.QueueAccount;
import com.sessionjar.queue.ReceivedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Integrity at the edges, end to end: the real jar, Azurite, real worker processes, and this test
 * as an independent client writing straight into a session's queues with the queue SDK. Bare
 * messages that start like an envelope get the original's bare replies; a request or reply with
 * one byte changed in the queue is poisoned, or reported damaged; a line of {@code --send -} is
 * refused in the user's terms.
 */
class IntegrityIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    /** Bare messages an original client may send, some of which look like an envelope at first sight. */
    private static final List<String> BARE = List.of("#sj1", "#sj1 hello world", "#sj1 id=abc", "#sj1 id=abc\nbody",
            "#sj1 id=4f0c2a9e.1", "hello", "two\nlines");

    @RegisterExtension
    static final LocalSessionsExtension sessions = new LocalSessionsExtension();
    private static final SessionJar jar = sessions.jar();
    /** An echo session shared by the tests, its calls slowed a little so a test can reach a reply first. */
    private static String echo;
    private static MessageQueue requests;
    private static MessageQueue responses;
    private static MessageQueue poison;

    @BeforeAll
    static void createEchoSession() throws Exception {
        Path config = Files.writeString(sessions.temp().resolve("echo.json"), "{\"Service\": \"echo\","
                + " \"EnvironmentVariables\": [{\"Name\": \"ECHO_Delay\", \"Value\": \"50\"}]}");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        echo = created.stdout().trim();
        JsonNode record = jar.record(echo);
        QueueAccount account = jar.account();
        requests = account.queue(record.get("requestQueue").asText());
        responses = account.queue(record.get("responseQueue").asText());
        poison = account.queue(requests.name() + "-poison");
    }

    @Test
    void bareMessagesWrittenWithTheSdk_getTheOriginalsBareReplies_evenThoseThatStartWithTheMarker() throws Exception {
        BARE.forEach(requests::send);

        List<String> replies = take(responses, BARE.size());

        assertEquals(BARE.stream().sorted().toList(), replies.stream().sorted().toList(), "each echoed as it was sent");
        assertFalse(poison.exists() && poison.approximateDepth() > 0, "nothing poisoned");
        System.out.println("IntegrityIT bare echo: sent " + BARE.size() + ", identical replies " + replies.size());
    }

    @Test
    void bareGrpcRequestsWrittenWithTheSdk_getTheOriginalsJsonReplies() throws Exception {
        int serverPort = AzuriteProcess.freePort();
        GrpcSessionIT.putHelloServerOnShare(jar);
        Path config = GrpcSessionIT.helloConfig(Files.createTempDirectory(sessions.temp(), "grpc"), serverPort, "");
        Result created = jar.run(RUN_TIMEOUT, "--create", "--config", config.toString(), "--local");
        assertEquals(0, created.exitCode(), created::toString);
        JsonNode record = jar.record(created.stdout().trim());
        MessageQueue grpcRequests = jar.account().queue(record.get("requestQueue").asText());
        MessageQueue grpcResponses = jar.account().queue(record.get("responseQueue").asText());
        GrpcRequest hello = GrpcRequest.of(GreeterGrpc.getSayHelloMethod(), HelloRequest.newBuilder().setName("Ann").build());

        grpcRequests.send(hello.toJson());
        grpcRequests.send("#sj1 hello world");

        List<GrpcReply> replies = take(grpcResponses, 2).stream().map(text -> {
            assertFalse(text.startsWith(Envelope.MARKER), "a bare reply: " + text);
            return GrpcReply.parse(text);
        }).toList();
        GrpcReply toHello = replies.stream().filter(r -> hello.id().equals(r.inReplyTo())).findFirst().orElseThrow();
        assertEquals("Hello Ann", toHello.payloadAs(HelloReply.parser()).getMessage());
        GrpcReply toText = replies.stream().filter(GrpcReply::hasError).findFirst().orElseThrow();
        assertTrue(toText.error().contains("the service cannot read it: The request is not valid JSON"), toText::toString);
        System.out.println("IntegrityIT bare grpc: a JSON request answered in JSON, '#sj1 hello world' an Error reply");
    }

    @Test
    void aRequestWithOneByteChangedInTheQueue_isPoisonedAsDamaged_andItsClientToldSo() throws Exception {
        MessageQueue client = responses.sibling(ReplyQueues.name(responses.name(), "0000abcd"));
        client.createIfNotExists();
        try {
            sendDamaged(client);
        } finally {
            client.deleteIfExists(); // a run on the session must find its own reply queue alone
        }
    }

    /** Sends a request answered on {@code client}, has one byte of it changed in the queue, and checks its answer. */
    private static void sendDamaged(MessageQueue client) throws InterruptedException {
        String request = Envelope.request("0000abcd.0", client.name(), "damage me").text();
        String damaged = request.replace("damage me", "damagE me");
        // Sent hidden, so no worker takes it before it is changed; the change makes it visible.
        QueueClient raw = new QueueClientBuilder().connectionString(jar.account().connectionString())
                .queueName(requests.name()).buildClient();
        SendMessageResult sent = raw.sendMessageWithResponse(request, Duration.ofSeconds(30), null, null, Context.NONE)
                .getValue();
        raw.updateMessage(sent.getMessageId(), sent.getPopReceipt(), damaged, Duration.ZERO);

        Envelope reply = Envelope.parse(take(client, 1).get(0));

        assertEquals("0000abcd.0", reply.inReplyTo());
        assertTrue(reply.isPoisonReply(), reply::text);
        assertNull(reply.damage(), "the error reply is itself intact");
        assertEquals("Request moved to " + poison.name() + ": the request was damaged in the queue: its body's CRC-32C is "
                + Envelope.checksum("damagE me") + ", not " + Envelope.checksum("damage me") + " as its envelope says",
                reply.body());
        assertTrue(take(poison, 1).contains(damaged), "the request as it came is kept for inspection");
        System.out.println("IntegrityIT damaged request: poisoned 1, error reply to its client 1");
    }

    @Test
    void repliesWithOneByteChangedInTheQueue_areReportedDamaged_neverCountedAsGoodAnswers() throws Exception {
        int count = 200;
        Process run = jar.start("--use", echo, "--send", "intact", "--count", Integer.toString(count), "--replies");
        MessageQueue replies = FaultIT.runQueue(responses);
        // Take replies before the client does and put each back with one byte of its body changed.
        int damaged = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (damaged < 5 && System.nanoTime() < deadline) {
                for (ReceivedMessage reply : replies.receive(5 - damaged, Duration.ofSeconds(60))) {
                    if (reply.text().endsWith("\nintacT")) {
                        replies.release(reply); // a copy damaged here: the client's to take
                        continue;
                    }
                    assertTrue(reply.text().endsWith("\nintact"), reply::text);
                    replies.send(reply.text().substring(0, reply.text().length() - 1) + "T");
                    replies.delete(reply);
                    damaged++;
                }
            }
        } catch (QueueStorageException e) {
            assertTrue(MessageQueue.isQueueGone(e), e::getMessage); // the run ended: every reply was in
        }
        Result result = SessionJar.result(run);
        Accounting figures = Accounting.of(result);

        assertTrue(damaged >= 1, "damaged " + damaged);
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals(new Accounting(count, count, count, damaged, 0, damaged, 0, 0, 0), figures);
        assertTrue(result.stderr().contains("error: " + damaged + " of " + count + " replies were not good answers; the"
                + " first: the reply to request "), result::toString);
        assertTrue(result.stderr().contains(" was damaged in the queue: its body's CRC-32C is "), result::toString);
        List<String> lines = result.stdout().lines().toList();
        assertEquals(count - damaged, lines.stream().filter(line -> line.equals("{\"request\":\"intact\",\"reply\":\"intact\"}"))
                .count(), "every other answer good, and no damaged text handed out");
        assertEquals(damaged, lines.stream().filter(line -> line.startsWith("{\"request\":\"intact\",\"reply\":null,"
                + "\"error\":\"the reply to request ")).count());
        System.out.println("IntegrityIT damaged replies: " + figures.line() + ", damaged by the test " + damaged);
    }

    @Test
    void linesOfSendStdin_areRefusedInTheUsersTerms_asSendMessageIs() throws Exception {
        Path control = Files.writeString(sessions.temp().resolve("control.txt"), "abc\u0001def\n");
        Result fromStdin = SessionJar.result(jar.start(control, "--use", echo, "--send", "-"));
        Result fromArgument = jar.run(RUN_TIMEOUT, "--use", echo, "--send", "abc\u0001def");

        assertEquals(1, fromStdin.exitCode(), fromStdin::toString);
        String atIndex3 = "Message has character U+0001 at index 3, which a queue message cannot carry";
        assertTrue(fromStdin.stderr().contains("error: 1 of 1 replies were not good answers; the first: message 1 cannot"
                + " be sent: " + atIndex3), fromStdin::toString);
        assertEquals(2, fromArgument.exitCode(), fromArgument::toString);
        assertTrue(fromArgument.stderr().contains("error: " + atIndex3), fromArgument::toString);

        Path large = Files.writeString(sessions.temp().resolve("large.txt"), "a".repeat(70_000) + "\n");
        Result largeFromStdin = SessionJar.result(jar.start(large, "--use", echo, "--send", "-"));

        assertEquals(1, largeFromStdin.exitCode(), largeFromStdin::toString);
        // The header of the run's request 0: its id and crc= have fixed lengths, its reply queue is the run's.
        int header = Envelope.request("ffffffff.0", ReplyQueues.name(responses.name(), "ffffffff"), "").text().length();
        assertTrue(largeFromStdin.stderr().contains(String.format(Locale.ROOT, "message 1 cannot be sent: Message is 70,000"
                + " bytes in UTF-8; a queue message holds at most %,d (64 KiB) after the envelope's %d-byte header",
                MessageText.MAX_BYTES - header, header)), largeFromStdin::toString);
        System.out.println("IntegrityIT --send -: a control character at index 3 and 70,000 bytes, as --send says them");
    }

    /** The texts of the first {@code count} messages on {@code queue}, deleted as they are taken. */
    private static List<String> take(MessageQueue queue, int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (texts.size() < count && System.nanoTime() < deadline) {
            for (ReceivedMessage message : queue.receive(Math.min(32, count - texts.size()), Duration.ofSeconds(60))) {
                texts.add(message.text());
                queue.delete(message);
            }
            Thread.sleep(50);
        }
        assertEquals(count, texts.size(), texts::toString);
        return texts;
    }
}

package com.sessionjar.queue;

import com.azure.storage.queue.models.QueueStorageException;
import com.sessionjar.it.AzuriteProcess;
import com.sessionjar.protocol.MessageText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures which message sizes the Azurite that session.jar uses returns intact: for each
 * {@link SizedText kind}, sends texts of many sizes through a {@link MessageQueue}'s own SDK
 * client (the encoding path of {@link MessageQueue#send}, without {@code MessageText}'s limit),
 * receives them with {@link MessageQueue#receive} and compares them exactly. Not a test: run
 * by hand (docs/protocol.md, "How large a message may be", has the command).
 *
 * <p>Arguments: none for the documented plan ({@link #documentedPlan}), or {@code FROM TO STEP [KIND...]}. The report goes
 * to stdout, progress to stderr. The queues' names are 63 characters, the longest a session's
 * queue can have: the name is in the request line, so it moves where the damage starts.
 */
public final class MessageSizeScan {
    private static final int THREADS = 4;
    private static final Duration LEASE = Duration.ofMinutes(5);

    /** One range of sizes, for some kinds. */
    record Range(int from, int to, int step, List<SizedText> kinds) {
    }

    /** What became of one text. */
    record Outcome(SizedText kind, int bytes, String result) {
        boolean intact() {
            return result.equals("intact");
        }
    }

    private MessageSizeScan() {
    }

    public static void main(String[] args) throws Exception {
        List<Range> plan = args.length == 0 ? documentedPlan() : List.of(range(args));
        // Azurite keeps what it stored on disk, a gigabyte or more by the end: the folder goes with the scan.
        Path data = Files.createTempDirectory("sessionjar-sizescan");
        List<Outcome> outcomes;
        try (AzuriteProcess azurite = AzuriteProcess.start(data.resolve("azurite"))) {
            System.err.printf(Locale.ROOT, "scan: Azurite %s on port %d%n", AzuriteProcess.executable(), azurite.port());
            long start = System.nanoTime();
            outcomes = scan(azurite.account(), plan);
            System.err.printf(Locale.ROOT, "scan: %,d texts in %d s%n", count(plan),
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        report(plan, outcomes).forEach(System.out::println);
    }

    /**
     * Every kind every 127 bytes from 1,000 to past Azurite's 64 KiB; then every size around where
     * damage starts: from 63,500 for the kinds of one non-ASCII character and the mixed one, from
     * 27,300 to 28,000 for {@link SizedText#ESCAPED_MIXED} (there it is about 64,000 bytes as sent),
     * from 65,500 for ASCII.
     */
    static List<Range> documentedPlan() {
        return List.of(new Range(1_000, 65_540, 127, List.of(SizedText.values())),
                new Range(63_500, 65_540, 1, List.of(SizedText.TWO_BYTE, SizedText.THREE_BYTE, SizedText.FOUR_BYTE,
                        SizedText.MIXED)),
                new Range(27_300, 28_000, 1, List.of(SizedText.ESCAPED_MIXED)),
                new Range(65_500, 65_540, 1, List.of(SizedText.ASCII, SizedText.ASCII_ESCAPED)));
    }

    private static Range range(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("expected no arguments or FROM TO STEP [KIND...], kinds: "
                    + List.of(SizedText.values()));
        }
        List<SizedText> kinds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            kinds.add(SizedText.valueOf(args[i].toUpperCase(Locale.ROOT)));
        }
        return new Range(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                kinds.isEmpty() ? List.of(SizedText.values()) : kinds);
    }

    private static long count(List<Range> plan) {
        return plan.stream().mapToLong(r -> (long) ((r.to - r.from) / r.step + 1) * r.kinds.size()).sum();
    }

    /** Sends and receives every text of {@code plan}, on {@value #THREADS} queues at once. */
    static List<Outcome> scan(QueueAccount account, List<Range> plan) throws Exception {
        List<List<Map.Entry<SizedText, Integer>>> batches = new ArrayList<>();
        List<Map.Entry<SizedText, Integer>> batch = new ArrayList<>();
        for (Range range : plan) {
            for (SizedText kind : range.kinds) {
                for (int bytes = range.from; bytes <= range.to; bytes += range.step) {
                    batch.add(Map.entry(kind, bytes));
                    if (batch.size() == MessageQueue.MAX_BATCH) {
                        batches.add(batch);
                        batch = new ArrayList<>();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<Outcome>>> parts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                MessageQueue queue = account.queue(queueName(t));
                queue.createIfNotExists();
                List<List<Map.Entry<SizedText, Integer>>> mine = new ArrayList<>();
                for (int b = t; b < batches.size(); b += THREADS) {
                    mine.add(batches.get(b));
                }
                parts.add(threads.submit(() -> {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (List<Map.Entry<SizedText, Integer>> texts : mine) {
                        outcomes.addAll(roundTrip(queue, texts));
                    }
                    return outcomes;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<List<Outcome>> part : parts) {
                outcomes.addAll(part.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A queue name of 63 characters, the longest there is. */
    static String queueName(int n) {
        String prefix = "sizescan-" + n + "-";
        return prefix + "x".repeat(63 - prefix.length());
    }

    /** Sends {@code texts} to the empty {@code queue}, receives them all, compares and empties the queue. */
    static List<Outcome> roundTrip(MessageQueue queue, List<Map.Entry<SizedText, Integer>> texts) {
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Map.Entry<SizedText, Integer>> sent = new HashMap<>();
        for (Map.Entry<SizedText, Integer> text : texts) {
            try {
                sent.put(queue.client().sendMessage(text.getKey().of(text.getValue())).getMessageId(), text);
            } catch (QueueStorageException e) {
                outcomes.add(new Outcome(text.getKey(), text.getValue(), "refused " + e.getStatusCode()));
            }
        }
        int expected = sent.size();
        for (int empty = 0; !sent.isEmpty() && empty < 20; ) {
            List<ReceivedMessage> received = queue.receive(MessageQueue.MAX_BATCH, LEASE);
            empty = received.isEmpty() ? empty + 1 : 0;
            for (ReceivedMessage message : received) {
                Map.Entry<SizedText, Integer> text = sent.remove(message.id());
                if (text != null) {
                    outcomes.add(new Outcome(text.getKey(), text.getValue(), compare(text.getKey().of(text.getValue()),
                            message.text())));
                }
            }
        }
        sent.values().forEach(text -> outcomes.add(new Outcome(text.getKey(), text.getValue(), "lost")));
        queue.client().clearMessages();
        System.err.printf(Locale.ROOT, "scan: %s %,d..%,d: %d of %d intact%n", queue.name().substring(0, 11),
                texts.get(0).getValue(), texts.get(texts.size() - 1).getValue(),
                outcomes.stream().filter(Outcome::intact).count(), expected);
        return outcomes;
    }

    /** "intact", or where {@code got} first differs from {@code sent}. */
    static String compare(String sent, String got) {
        if (sent.equals(got)) {
            return "intact";
        }
        int i = 0;
        while (i < Math.min(sent.length(), got.length()) && sent.charAt(i) == got.charAt(i)) {
            i++;
        }
        String at = SizedText.utf8(sent.substring(0, i)) + "";
        return String.format(Locale.ROOT, "damaged at byte %s: U+%04X became %s (%,d bytes came back)", at,
                sent.codePointAt(i), i < got.length() ? String.format(Locale.ROOT, "U+%04X", got.codePointAt(i)) : "nothing",
                SizedText.utf8(got));
    }

    /**
     * Per kind: sizes tried, intact, damaged, refused; the largest size up to which all were intact
     * and the first damaged one, in UTF-8 and as sent ({@link MessageText#sentLength}); some examples.
     */
    static List<String> report(List<Range> plan, List<Outcome> outcomes) {
        Map<SizedText, TreeMap<Integer, Outcome>> byKind = new EnumMap<>(SizedText.class);
        outcomes.forEach(o -> byKind.computeIfAbsent(o.kind, k -> new TreeMap<>()).put(o.bytes, o));
        List<String> lines = new ArrayList<>();
        lines.add("plan: " + plan);
        lines.add(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %20s %20s", "kind", "sizes", "intact", "damaged",
                "refused", "intact up to (sent)", "first damaged (sent)"));
        byKind.forEach((kind, sizes) -> {
            long intact = sizes.values().stream().filter(Outcome::intact).count();
            long refused = sizes.values().stream().filter(o -> o.result.startsWith("refused")).count();
            Integer firstBad = sizes.values().stream().filter(o -> !o.intact() && !o.result.startsWith("refused"))
                    .map(Outcome::bytes).findFirst().orElse(null);
            Integer firstRefused = sizes.values().stream().filter(o -> o.result.startsWith("refused"))
                    .map(Outcome::bytes).findFirst().orElse(null);
            int stop = Math.min(firstBad == null ? Integer.MAX_VALUE : firstBad,
                    firstRefused == null ? Integer.MAX_VALUE : firstRefused);
            Integer upTo = sizes.headMap(stop).isEmpty() ? null : sizes.headMap(stop).lastKey();
            lines.add(String.format(Locale.ROOT, "%-14s %,7d %,7d %,7d %,7d %20s %20s", kind, sizes.size(), intact,
                    sizes.size() - intact - refused, refused, sizeAndSent(kind, upTo), sizeAndSent(kind, firstBad)));
            sizes.values().stream().filter(o -> !o.intact()).limit(3).forEach(o -> lines.add(String.format(Locale.ROOT,
                    "  %,d bytes: %s", o.bytes, o.result)));
            if (firstRefused != null) {
                lines.add(String.format(Locale.ROOT, "  refused from %,d bytes", firstRefused));
            }
        });
        return lines;
    }

    private static String sizeAndSent(SizedText kind, Integer bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%,d (%,d)", bytes, MessageText.sentLength(kind.of(bytes)));
    }
}

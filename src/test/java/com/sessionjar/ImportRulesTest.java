package com.sessionjar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the import rules of docs/architecture.md: reads every compiled class of src/main and
 * fails when a package uses one of ours that its row below does not allow. The class files, not
 * the sources, so that fully qualified names and static imports are caught too.
 */
class ImportRulesTest {
    private static final String ROOT = "com.sessionjar";

    /** Each package of ours and the packages of ours it may use (itself and the root's utilities always). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of()),
            Map.entry("protocol", Set.of("protocol.hello")),
            Map.entry("protocol.hello", Set.of()),
            Map.entry("queue", Set.of("protocol")),
            Map.entry("service", Set.of("protocol")),
            Map.entry("grpc", Set.of("protocol", "protocol.hello", "service")),
            Map.entry("worker", Set.of("protocol", "queue", "service", "grpc")),
            Map.entry("cluster", Set.of("protocol", "queue")),
            Map.entry("cluster.local", Set.of("cluster", "protocol", "queue")),
            Map.entry("cluster.azure", Set.of("cluster", "protocol", "queue")),
            Map.entry("session", Set.of("cluster", "cluster.local", "cluster.azure", "protocol", "protocol.hello", "queue")),
            Map.entry("cli", Set.of("session", "cluster", "protocol", "queue")),
            Map.entry("launch", Set.of("cli", "cluster.local")));

    private static final Pattern REFERENCE = Pattern.compile("com/sessionjar/((?:[a-z0-9_]+/)*)[A-Za-z0-9_$]+");

    @Test
    void everyPackageUsesOnlyWhatItsRuleAllows() throws IOException {
        Map<String, Set<String>> uses = uses(classesFolder());
        List<String> broken = new ArrayList<>();
        uses.forEach((from, targets) -> {
            assertTrue(ALLOWED.containsKey(from), "package " + name(from) + " has no rule: add it to docs/architecture.md "
                    + "and to ImportRulesTest.ALLOWED");
            for (String to : targets) {
                if (!to.equals(from) && !to.isEmpty() && !ALLOWED.get(from).contains(to)) {
                    broken.add(name(from) + " uses " + name(to));
                }
            }
        });
        assertEquals(List.of(), broken, "import rules broken (see docs/architecture.md)");
    }

    @Test
    void theRulesThemselvesHaveNoCycle() {
        for (String start : ALLOWED.keySet()) {
            assertTrue(!reaches(start, start, new TreeSet<>()), "the rules let " + name(start) + " reach itself");
        }
    }

    @Test
    void theCheckSeesAReference() throws IOException {
        // The check must be able to fail: the worker's class file does refer to the queue layer.
        Set<String> worker = uses(classesFolder()).get("worker");
        assertTrue(worker != null && worker.contains("queue") && worker.contains("protocol"), "worker uses " + worker);
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            if (next.equals(target) || seen.add(next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** For each package of ours under {@code classes}, the packages of ours its classes refer to. */
    private static Map<String, Set<String>> uses(Path classes) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        Path base = classes.resolve(ROOT.replace('.', '/'));
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String from = packageOf(base.relativize(file.getParent()).toString());
                Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
                for (String text : utf8Constants(file)) {
                    Matcher m = REFERENCE.matcher(text);
                    while (m.find()) {
                        targets.add(packageOf(m.group(1)));
                    }
                }
            }
        }
        return uses;
    }

    private static String packageOf(String path) {
        String dotted = path.replace('/', '.').replace('\\', '.');
        return dotted.endsWith(".") ? dotted.substring(0, dotted.length() - 1) : dotted;
    }

    private static String name(String relative) {
        return relative.isEmpty() ? ROOT : ROOT + "." + relative;
    }

    /** The UTF-8 entries of a class file's constant pool: every class, descriptor and signature it names. */
    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> texts = new ArrayList<>();
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> texts.add(data.readUTF());
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return texts;
    }

    private static Path classesFolder() {
        try {
            return Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

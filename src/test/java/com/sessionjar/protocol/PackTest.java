package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackTest {
    private static final List<String> AWKWARD_BODIES = List.of(
            "hello",
            "",
            "two\nlines\n",
            "\n",
            "#sj1 id=x.1 len=3 to=q\nabc\n#sj1 pack=2",
            "#sj1 pack=5\n",
            "crlf\r\nand\ttab",
            "non-ASCII: é ü 漢字",
            "beyond U+FFFF: \uD83D\uDE00 (len counts 2)");

    @Test
    void pack_unpack_returnsEveryItem_withItsBodyUnchanged() {
        List<Envelope> requests = new ArrayList<>();
        for (int i = 0; i < AWKWARD_BODIES.size(); i++) {
            requests.add(Envelope.request("4f0c2a9e." + i, "clw-q-responses-c4f0c2a9e", AWKWARD_BODIES.get(i)));
        }

        List<String> messages = Pack.messages(requests, 32);

        assertEquals(1, messages.size());
        assertTrue(Pack.isPacked(messages.get(0)));
        Pack.Unpacked unpacked = Pack.unpack(messages.get(0));
        assertNull(unpacked.problem());
        assertEquals(requests, unpacked.items());
    }

    @Test
    void packedText_isTheDocumentedOne() {
        List<Envelope> requests = List.of(Envelope.request("4f0c2a9e.5", "Q", "hello"),
                Envelope.request("4f0c2a9e.6", "Q", "two\nlines"));

        assertEquals("#sj1 pack=2\n#sj1 id=4f0c2a9e.5 crc=9a71bb4c len=5 to=Q\nhello\n#sj1 id=4f0c2a9e.6 crc="
                + Envelope.checksum("two\nlines") + " len=9 to=Q\ntwo\nlines\n", Pack.messages(requests, 32).get(0));
    }

    @Test
    void replies_roundTripToo() {
        Envelope request = Envelope.request("0000abcd.1", "body");
        List<Envelope> replies = List.of(request.reply("a\nb"), request.poisonReply("moved"), request.reply(""));

        Pack.Unpacked unpacked = Pack.unpack(Pack.messages(replies, 32).get(0));

        assertEquals(replies, unpacked.items());
        assertTrue(unpacked.items().get(1).isPoisonReply());
    }

    @Test
    void aLoneItem_goesAsItsOwnEnvelope() {
        Envelope request = Envelope.request("0000abcd.1", "Q", "solo");

        assertEquals(List.of(request.text()), Pack.messages(List.of(request), 32));
        assertFalse(Pack.isPacked(request.text()));
    }

    @Test
    void isPacked_onlyForAPackHeader_notForAnEnvelopeWithAPackField() {
        assertTrue(Pack.isPacked("#sj1 pack=2\n"));
        assertFalse(Pack.isPacked("#sj1 id=4f0c2a9e.1 pack=3\nbody"), "a request that names pack= is still a request");
        assertFalse(Pack.isPacked("#sj1 re=4f0c2a9e.1 pack=3\nbody"));
        assertFalse(Pack.isPacked("pack=2\n"));
        assertFalse(Pack.isPacked("#sj1 pack=2 bad field\n"));
        assertFalse(Pack.isPacked("#sj1 pack=2"), "a header ends with a newline");
        assertFalse(Pack.isPacked("#sj1 pack=0\n"), "a pack holds at least one item");
    }

    @Test
    void items_areCappedAtMaxItems() {
        List<Envelope> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(Envelope.request("0000abcd." + i, "Q", "x"));
        }

        List<String> messages = Pack.messages(requests, 32);

        assertEquals(4, messages.size());
        assertEquals(List.of(32, 32, 32, 4), messages.stream().map(m -> Pack.unpack(m).items().size()).toList());
        assertEquals(requests, messages.stream().flatMap(m -> Pack.unpack(m).items().stream()).toList());
    }

    @Test
    void largeItems_areSplitAcrossMessages_eachWithin64KiB() {
        // 20,000 to 40,000 characters each: two may share a message, three never do.
        for (String character : List.of("a", "é", "\uD83D\uDE00")) {
            List<Envelope> requests = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                requests.add(Envelope.request("0000abcd." + i, "Q", character.repeat((20_000 + 1_000 * i) / character.length() / 2)));
            }

            List<String> messages = Pack.messages(requests, 32);

            assertTrue(messages.size() > 1 && messages.size() < requests.size(), messages.size() + " messages");
            for (String message : messages) {
                MessageText.check(message); // throws if over the limit
            }
            List<Envelope> unpacked = new ArrayList<>();
            messages.forEach(m -> unpacked.addAll(Pack.isPacked(m) ? Pack.unpack(m).items() : List.of(Envelope.parse(m))));
            assertEquals(requests, unpacked, character);
        }
    }

    @Test
    void packer_fillsToTheLimit_byteExact() {
        Envelope small = Envelope.request("0000abcd.0", "Q", "x");
        Packer packer = new Packer(32);
        assertTrue(packer.add(small));
        int used = (Pack.header(2) + Pack.itemText(small)).length();
        // The rest of 64 KiB, less an item's framing, whose len= has 5 digits rather than the 1 of an empty body.
        int bodyLength = MessageText.MAX_BYTES - used - (Pack.itemText(Envelope.request("0000abcd.1", "Q", "")).length() + 4);
        Envelope fits = Envelope.request("0000abcd.1", "Q", "b".repeat(bodyLength));
        Envelope tooBig = Envelope.request("0000abcd.1", "Q", "b".repeat(bodyLength + 1));

        assertFalse(packer.add(tooBig));
        assertTrue(packer.add(fits));
        String message = packer.take();
        assertEquals(MessageText.MAX_BYTES, message.getBytes(StandardCharsets.UTF_8).length);
        MessageText.check(message);
        assertEquals(List.of(small, fits), Pack.unpack(message).items());
        assertTrue(packer.isEmpty());
    }

    @Test
    void packer_withNonAscii_keepsToTheLowerLimit() {
        Packer packer = new Packer(32);
        int half = (MessageText.MAX_NON_ASCII_BYTES - 40_000) / 2;
        assertTrue(packer.add(Envelope.request("0000abcd.0", "Q", "a".repeat(40_000))));
        assertFalse(packer.add(Envelope.request("0000abcd.1", "Q", "é".repeat(half))), "over the lower limit with it");
        assertTrue(packer.add(Envelope.request("0000abcd.1", "Q", "é".repeat(half - 100))));
        String message = packer.take();
        assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= MessageText.MAX_NON_ASCII_BYTES);
        MessageText.check(message);
    }

    @Test
    void packer_withNonAscii_countsTheXmlEscapesOfEveryItem() {
        Packer packer = new Packer(32);
        assertTrue(packer.add(Envelope.request("0000abcd.0", "Q", "&".repeat(20_000))), "ASCII: 20,000 bytes");
        assertFalse(packer.add(Envelope.request("0000abcd.1", "Q", "é")), "non-ASCII with it: 100,000 bytes as sent");
        assertTrue(packer.add(Envelope.request("0000abcd.1", "Q", "a")));
        MessageText.check(packer.take());
    }

    @Test
    void unpack_aDamagedPack_returnsTheItemsBeforeTheDamage_andSaysWhat() {
        String whole = Pack.messages(List.of(Envelope.request("0000abcd.0", "Q", "zero"), Envelope.request("0000abcd.1", "Q", "one"),
                Envelope.request("0000abcd.2", "Q", "two")), 32).get(0);

        Pack.Unpacked truncated = Pack.unpack(whole.substring(0, whole.length() - 3));
        assertEquals(2, truncated.items().size());
        assertEquals("item 3 of 3: the message ends, or has no newline, after its 3-character body", truncated.problem());

        Pack.Unpacked noLength = Pack.unpack(whole.replace("len=3 to=Q\none", "to=Q\none"));
        assertEquals(1, noLength.items().size());
        assertEquals("item 2 of 3 has no len= with its body's length", noLength.problem());

        Pack.Unpacked tooFew = Pack.unpack(whole.replace("pack=3", "pack=4"));
        assertEquals(3, tooFew.items().size());
        assertEquals("item 4 of 4 has no header line", tooFew.problem());

        Pack.Unpacked tooMany = Pack.unpack(whole.replace("pack=3", "pack=2"));
        assertEquals(2, tooMany.items().size());
        assertEquals("more text after the pack's 2 items", tooMany.problem());

        Pack.Unpacked noId = Pack.unpack(whole.replace("id=0000abcd.1 ", ""));
        assertEquals(1, noId.items().size());
        assertTrue(noId.problem().startsWith("item 2 of 3: the envelope has neither"), noId.problem());

        Pack.Unpacked badId = Pack.unpack(whole.replace("id=0000abcd.1 ", "id=abc "));
        assertEquals(1, badId.items().size());
        assertTrue(badId.problem().startsWith("item 2 of 3: the envelope's id=abc is not a request id"), badId.problem());

        assertEquals("the message is not a pack (no '#sj1 pack=' header)", Pack.unpack("#sj1 pack=0\n").problem());
    }

    @Test
    void everyItem_carriesItsOwnChecksum_andOneChangedByteIsSeenInThatItemAlone() {
        String whole = Pack.messages(List.of(Envelope.request("0000abcd.0", "Q", "zero"),
                Envelope.request("0000abcd.1", "Q", "one"), Envelope.request("0000abcd.2", "Q", "two")), 32).get(0);

        Pack.Unpacked damaged = Pack.unpack(whole.replace("\none\n", "\nOne\n"));

        assertNull(damaged.problem(), "a changed byte keeps the pack readable");
        assertEquals(3, damaged.items().size());
        assertNull(damaged.items().get(0).damage());
        assertTrue(damaged.items().get(1).damage().startsWith("its body's CRC-32C is " + Envelope.checksum("One")),
                damaged.items().get(1).damage());
        assertNull(damaged.items().get(2).damage());
    }
}

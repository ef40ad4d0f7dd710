package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ArmExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files SOURCES.md names, from its table rows. */
    static List<String> listedFiles() throws IOException {
        try (InputStream in = ArmExamples.class.getResourceAsStream("examples/SOURCES.md")) {
            String sources = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> files = new ArrayList<>();
            Matcher row = Pattern.compile("(?m)^\\| (\\S+\\.json) \\|").matcher(sources);
            while (row.find()) {
                files.add(row.group(1));
            }
            return files;
        }
    }

    @Test
    void sources_listsEveryExample_andNothingElse() throws IOException, URISyntaxException {
        Path folder = Path.of(ArmExamples.class.getResource("examples/SOURCES.md").toURI()).getParent();
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList(), listedFiles().stream().sorted().toList(), "each example listed once, every one listed");
        }
    }

    @ParameterizedTest
    @MethodSource("listedFiles")
    void everyListedExample_isThereWithResponses(String file) throws IOException {
        try (InputStream in = ArmExamples.class.getResourceAsStream("examples/" + file)) {
            JsonNode example = JSON.readTree(in);
            assertTrue(example.path("responses").size() > 0, file);
            assertTrue(example.path("parameters").has("api-version"), file);
        }
    }

    @Test
    void example_givesTheBodyOfThatStatus() throws IOException {
        JsonNode body = JSON.readTree(ArmExamples.example("StorageAccountCreate.json", 200));

        assertEquals("sto4445", body.path("name").asText());
        assertEquals("Succeeded", body.path("properties").path("provisioningState").asText());
    }

    @Test
    void example_withEdit_changesOnlyTheCopy() throws IOException {
        String edited = ArmExamples.example("CreateResourceGroup.json", 201, b -> b.put("name", "rg-1"));

        assertEquals("rg-1", JSON.readTree(edited).path("name").asText());
        assertEquals("my-resource-group", JSON.readTree(ArmExamples.example("CreateResourceGroup.json", 201)).path("name").asText());
    }

    @Test
    void example_statusWithoutBody_isRejectedNamingFileAndStatus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArmExamples.example("StorageAccountCreate.json", 202));

        assertTrue(e.getMessage().contains("StorageAccountCreate.json") && e.getMessage().contains("202"), e.getMessage());
    }
}

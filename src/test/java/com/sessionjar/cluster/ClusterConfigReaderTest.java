package com.sessionjar.cluster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterConfigReaderTest {
    private static final String SOURCE = "test.json";
    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    /** Parses {@code json}, expecting it to be refused, and returns the message. */
    private static String error(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfigReader.parse(json, SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + (json.isBlank() ? " is empty" : ": ")),
                () -> "message should name the source: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertContainsAll(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
    }

    /** JSON with single quotes, for readable test inputs. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    // --- what a good config gives ---

    @Test
    void parse_emptyObject_givesAllDefaults() {
        ClusterConfig config = ClusterConfigReader.parse("{}", SOURCE);

        assertAll(
                () -> assertEquals("", config.subscriptionId()),
                () -> assertEquals("southeastasia", config.location()),
                () -> assertEquals("echo", config.service()),
                () -> assertEquals(List.of(), config.environmentVariables()),
                () -> assertEquals(List.of(), config.fileShares()),
                () -> assertEquals(1, config.nodeCount()),
                () -> assertEquals(1, config.nodeOptions().cpuCount()),
                () -> assertEquals(1, config.nodeOptions().memInGB()),
                () -> assertEquals("requests", config.queueOptions().requestQueueName()),
                () -> assertEquals("responses", config.queueOptions().responseQueueName()),
                () -> assertEquals(60, config.queueOptions().messageLease()));
        assertEquals(ClusterConfig.defaults(), config);
    }

    @Test
    void read_echoSessionConfigFile_givesEchoService() {
        ClusterConfig config = ClusterConfigReader.read(PROJECT.resolve("EchoSessionConfig.json"));

        assertEquals("echo", config.service());
        assertEquals("", config.subscriptionId());
        assertEquals(List.of(), config.environmentVariables());
        assertEquals(List.of(), config.fileShares());
        assertEquals(1, config.nodeCount());
    }

    @Test
    void read_grpcSessionConfigFile_givesGrpcServiceWithVariablesAndShare() {
        ClusterConfig config = ClusterConfigReader.read(PROJECT.resolve("GRpcSessionConfig.json"));

        assertEquals("grpc", config.service());
        assertEquals(List.of(
                new EnvironmentVariable("GRPC_ServerURL", "http://localhost:8080", null),
                new EnvironmentVariable("GRPC_ServerFileName", "/myfiles/GRpcHello/GRpcHello", null)),
                config.environmentVariables());
        assertEquals(List.of(new FileShareMount("myfiles", "/myfiles", "", "", "")), config.fileShares());
    }

    @Test
    void read_fileWithUtf8ByteOrderMark_isRead(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("bom.json"), ("\uFEFF{\"NodeCount\": 2}").getBytes(StandardCharsets.UTF_8));

        assertEquals(2, ClusterConfigReader.read(file).nodeCount());
    }

    @Test
    void read_utf16File_isRefusedInWords(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("utf16.json"), "{\"NodeCount\": 2}".getBytes(StandardCharsets.UTF_16));

        BadInputException e = assertThrows(BadInputException.class, () -> ClusterConfigReader.read(file));

        assertEquals("Config file " + file + " is not UTF-8 text: save the config as UTF-8 (a byte-order mark is fine)",
                e.getMessage());
    }

    @Test
    void read_streamWithByteOrderMark_isRead() {
        byte[] json = "\uFEFF{\"Service\": \"echo\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals("echo", ClusterConfigReader.read(new ByteArrayInputStream(json), "stdin").service());
    }

    @Test
    void parse_serviceInUpperCase_isLowerCased() {
        assertEquals("echo", ClusterConfigReader.parse(json("{'Service': 'ECHO'}"), SOURCE).service());
    }

    @Test
    void parse_keysInAnyCase_areRecognised() {
        String subscription = "9fda6ae5-1210-43b9-a2da-703f0cdc253e";
        ClusterConfig config = ClusterConfigReader.parse(json(
                "{'subscriptionid': '" + subscription + "', 'NODECOUNT': 3, 'nodeoptions': {'cpucount': 2}}"), SOURCE);

        assertEquals(subscription, config.subscriptionId());
        assertEquals(3, config.nodeCount());
        assertEquals(2, config.nodeOptions().cpuCount());
    }

    @Test
    void parse_autoScale_keepsFiguresAndFillsDefaults() {
        ClusterConfig config = ClusterConfigReader.parse(json(
                "{'NodeCount': 2, 'autoscale': {'maxNodeCount': 5, 'ScaleInAfterSeconds': 60}}"), SOURCE);

        assertEquals(new AutoScale(5, AutoScale.DEFAULT_REQUESTS_PER_NODE, 60), config.autoScale());
        assertEquals(2, config.nodeCount());
        assertEquals(5, config.maxNodeCount());
    }

    @Test
    void parse_noAutoScale_isFixedSize() {
        ClusterConfig config = ClusterConfigReader.parse(json("{'NodeCount': 3}"), SOURCE);

        assertNull(config.autoScale());
        assertEquals(3, config.maxNodeCount());
    }

    @Test
    void parse_autoScaleWithoutMaxNodeCount_saysWhatToGive() {
        assertContainsAll(error(json("{'AutoScale': {'RequestsPerNode': 4}}")), "AutoScale.MaxNodeCount is missing",
                "most nodes");
    }

    @Test
    void write_configWithoutAutoScale_hasNoAutoScaleKey() throws Exception {
        String written = ClusterConfigReader.mapper().writeValueAsString(ClusterConfig.defaults());

        assertFalse(written.contains("AutoScale"), written);
        assertTrue(ClusterConfigReader.mapper().writeValueAsString(ClusterConfig.defaults().withAutoScale(
                new AutoScale(3, null, null))).contains("\"AutoScale\":{\"MaxNodeCount\":3"));
    }

    @Test
    void parse_messageLeaseOfOneWeek_isAccepted() {
        assertEquals(604_800, ClusterConfigReader.parse(json("{'QueueOptions': {'MessageLease': 604800}}"), SOURCE)
                .queueOptions().messageLease());
    }

    @Test
    void toString_withSecureValueAndStorageKey_hidesBothSecrets() {
        ClusterConfig config = ClusterConfigReader.parse(json("{"
                + "'EnvironmentVariables': [{'Name': 'TOKEN', 'SecureValue': 'top-secret-value'}],"
                + "'FileShares': [{'Name': 'data', 'MountPath': '/data', 'FileShareName': 'share',"
                + " 'StorageAccountName': 'account', 'StorageAccountKey': 'storage-key-value'}]}"), SOURCE);

        String text = config.toString();

        assertFalse(text.contains("top-secret-value"), text);
        assertFalse(text.contains("storage-key-value"), text);
        assertTrue(text.contains("TOKEN"), text);
        assertEquals("top-secret-value", config.environmentVariables().get(0).effectiveValue());
    }

    // --- every validation rule names the key and the bad value ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'SubScriptionId': 'not-a-guid'}                      | SubScriptionId                 | 'not-a-guid'
            {'SubScriptionId': '9fda6ae512104'}                   | SubScriptionId                 | '9fda6ae512104'
            {'Location': 'south east asia'}                       | Location                       | 'south east asia'
            {'Service': 'ftp'}                                    | Service                        | 'ftp'
            {'NodeCount': 0}                                      | NodeCount                      | (0)
            {'NodeOptions': {'CpuCount': 0}}                      | NodeOptions.CpuCount           | (0)
            {'NodeOptions': {'MemInGB': 0}}                       | NodeOptions.MemInGB            | (0)
            {'QueueOptions': {'MessageLease': 0}}                 | QueueOptions.MessageLease      | (0)
            {'QueueOptions': {'MessageLease': 604801}}            | QueueOptions.MessageLease      | (604801)
            {'QueueOptions': {'RequestQueueName': 'Requests'}}    | QueueOptions.RequestQueueName  | 'Requests'
            {'QueueOptions': {'RequestQueueName': 'ab'}}          | QueueOptions.RequestQueueName  | 'ab'
            {'QueueOptions': {'RequestQueueName': 'a--b'}}        | QueueOptions.RequestQueueName  | 'a--b'
            {'QueueOptions': {'ResponseQueueName': '-responses'}} | QueueOptions.ResponseQueueName | '-responses'
            {'QueueOptions': {'ResponseQueueName': 're_sponses'}} | QueueOptions.ResponseQueueName | 're_sponses'
            {'NodeCount': 2, 'AutoScale': {'MaxNodeCount': 1}}   | AutoScale.MaxNodeCount         | (1)
            {'AutoScale': {'MaxNodeCount': 1001}}                 | AutoScale.MaxNodeCount         | (1001)
            {'AutoScale': {'MaxNodeCount': 2, 'RequestsPerNode': 0}} | AutoScale.RequestsPerNode   | (0)
            {'AutoScale': {'MaxNodeCount': 2, 'ScaleInAfterSeconds': 0}} | AutoScale.ScaleInAfterSeconds | (0)
            {'AutoScale': {'MaxNodeCount': 2, 'ScaleInAfterSeconds': 43201}} | AutoScale.ScaleInAfterSeconds | (43201)
            """)
    void parse_ruleBroken_namesKeyAndValue(String config, String key, String value) {
        assertContainsAll(error(json(config)), key, value);
    }

    @Test
    void parse_sameQueueNames_namesBothKeysAndName() {
        assertContainsAll(error(json("{'QueueOptions': {'RequestQueueName': 'same', 'ResponseQueueName': 'same'}}")),
                "QueueOptions.RequestQueueName and ResponseQueueName ('same') must differ");
    }

    /** Variables given as JSON objects, each broken in its own way. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'Name': 'A', 'Value': 'v', 'SecureValue': 's'}         | [0] (A) needs exactly one of Value and SecureValue
            {'Name': 'A'}                                           | [0] (A) needs exactly one of Value and SecureValue
            {'Name': '1ABC', 'Value': 'v'}                          | [0].Name ('1ABC') must be letters, digits
            {'Name': 'MY-VAR', 'Value': 'v'}                        | [0].Name ('MY-VAR') must be letters, digits
            {'Value': 'v'}                                          | [0].Name is missing
            {'Name': 'Queues__ConnectionString', 'Value': 'v'}      | [0].Name (Queues__ConnectionString) is set by
            {'Name': 'Worker__Service', 'Value': 'v'}               | [0].Name (Worker__Service) is set by
            {'Name': 'Worker__QueueLengthMetric__Endpoint', 'Value': 'https://x'} | [0].Name (Worker__QueueLengthMetric__Endpoint) is set by
            {'Name': 'A', 'Value': 'v'}, {'Name': 'A', 'Value': 'w'} | [1].Name (A) is given twice
            """)
    void parse_badEnvironmentVariable_namesKeyAndValue(String variables, String problem) {
        String message = error(json("{'EnvironmentVariables': [" + variables + "]}"));

        assertContainsAll(message, "EnvironmentVariables" + problem);
    }

    /** Worker and service settings the worker would refuse at start-up, refused by the same code before anything is made. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            echo | {'Name': 'Worker__Concurrency', 'Value': '0'}         | Worker__Concurrency (0) must be a whole number from 1 to 10,000
            echo | {'Name': 'Worker__Concurrency', 'Value': 'ten'}       | Worker__Concurrency (ten) must be a whole number
            echo | {'Name': 'Queues__QueryInterval', 'Value': '0'}       | Queues__QueryInterval (0) must be a whole number from 1 to 600,000
            echo | {'Name': 'ECHO_Delay', 'Value': '-1'}                 | ECHO_Delay (-1) must be a whole number from 0 to 3,600,000
            grpc | {'Name': 'A', 'Value': 'v'}                           | GRPC_ServerURL is not set
            grpc | {'Name': 'GRPC_ServerURL', 'Value': 'https://h:1'}    | GRPC_ServerURL (https://h:1) must be http://host:port
            grpc | {'Name': 'GRPC_ServerURL', 'Value': 'http://h:1'}, {'Name': 'GRPC_CallTimeout', 'Value': '0'} | GRPC_CallTimeout (0) must be
            cgi  | {'Name': 'A', 'Value': 'v'}                           | CGI_FileName is not set
            cgi  | {'Name': 'CGI_FileName', 'Value': 'x'}, {'Name': 'CGI_Arguments', 'Value': '\\u0027open'} | CGI_Arguments cannot be split
            cgi  | {'Name': 'CGI_FileName', 'Value': 'x'}, {'Name': 'CGI_Timeout', 'Value': '0'} | CGI_Timeout (0) must be
            """)
    void parse_workerSettingTheWorkerWouldRefuse_isRefusedWithTheWorkersMessage(String service, String variables,
                                                                                String problem) {
        String message = error(json("{'Service': '" + service + "', 'EnvironmentVariables': [" + variables + "]}"));

        assertContainsAll(message, "EnvironmentVariables: " + problem, "the worker would refuse it at start-up");
    }

    @Test
    void parse_badWorkerSettingAsSecureValue_doesNotShowTheValue() {
        String message = error(json("{'EnvironmentVariables': [{'Name': 'Worker__Concurrency', 'SecureValue': 'x7secret'}]}"));

        assertContainsAll(message, "Worker__Concurrency (a SecureValue) must be a whole number");
        assertFalse(message.contains("x7secret"), message);
    }

    @Test
    void parse_goodWorkerSettings_areAccepted() {
        ClusterConfig config = ClusterConfigReader.parse(json("{'Service': 'cgi', 'EnvironmentVariables': ["
                + "{'Name': 'CGI_FileName', 'Value': '/bin/cat'}, {'Name': 'Worker__Concurrency', 'Value': '10000'},"
                + " {'Name': 'Queues__QueryInterval', 'Value': '1'}]}"), "test");

        assertEquals("cgi", config.service());
    }

    private static String share(String name, String mountPath) {
        return "{'Name': '" + name + "', 'MountPath': '" + mountPath
                + "', 'FileShareName': 'f', 'StorageAccountName': 'a', 'StorageAccountKey': 'k'}";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileShareName", "StorageAccountName", "StorageAccountKey"})
    void parse_fileShareFieldMissing_namesField(String field) {
        String withoutField = share("data", "/data").replaceAll(", '" + field + "': '[a-z]'", "");

        String message = error(json("{'FileShares': [" + withoutField + "]}"));

        assertContainsAll(message, "FileShares[0]." + field + " is missing");
    }

    @Test
    void parse_fileShareWithoutNameAndMountPath_namesBoth() {
        String message = error(json("{'FileShares': [{'FileShareName': 'f', 'StorageAccountName': 'a',"
                + " 'StorageAccountKey': 'k'}]}"));

        assertContainsAll(message, "FileShares[0].Name (missing)", "FileShares[0].MountPath (missing)");
    }

    @Test
    void parse_fileShareNameWithCapitalsAndUnderscore_namesKeyAndValue() {
        assertContainsAll(error(json("{'FileShares': [" + share("My_Files", "/data") + "]}")),
                "FileShares[0].Name", "'My_Files'");
    }

    @Test
    void parse_fileShareRelativeMountPath_namesKeyAndValue() {
        assertContainsAll(error(json("{'FileShares': [" + share("data", "data") + "]}")),
                "FileShares[0].MountPath", "'data'", "absolute");
    }

    @Test
    void parse_fileShareNameTwice_namesSecondShare() {
        assertContainsAll(error(json("{'FileShares': [" + share("data", "/a") + ", " + share("data", "/b") + "]}")),
                "FileShares[1].Name (data) is given twice");
    }

    @Test
    void parse_fileShareMountPathTwice_namesSecondShare() {
        assertContainsAll(error(json("{'FileShares': [" + share("one", "/data") + ", " + share("two", "/data") + "]}")),
                "FileShares[1].MountPath (/data) is used twice");
    }

    @Test
    void parse_severalRulesBroken_reportsEachInOneLine() {
        String message = error(json("{'NodeCount': 0, 'Service': 'ftp'}"));

        assertContainsAll(message, "NodeCount (0)", "Service ('ftp')", "; ");
        assertFalse(message.contains("\n"), message);
    }

    // --- JSON errors: where and what ---

    @Test
    void parse_unknownTopLevelKey_namesKeyAndPosition() {
        String message = error(json("{\n  'Foo': 1\n}"));

        assertContainsAll(message, "unknown key 'Foo'", " at line ", ", column ", "known keys here:", "NodeCount");
    }

    @Test
    void parse_unknownNestedKey_namesKeyPathAndPosition() {
        String message = error(json("{\n  'NodeOptions': {\n    'Foo': 1\n  }\n}"));

        assertContainsAll(message, "unknown key 'NodeOptions.Foo'", " at line ", ", column ", "CpuCount");
    }

    @Test
    void parse_unknownKeyInListItem_namesIndexInPath() {
        assertContainsAll(error(json("{'EnvironmentVariables': [{'Name': 'A', 'Value': 'v', 'Foo': 1}]}")),
                "unknown key 'EnvironmentVariables[0].Foo'");
    }

    @Test
    void parse_unknownKey_pointsAtTheKeyNotTheEndOfItsObject() {
        String message = error(json("{\n  'NodeCount': 2,\n  'Foo': 1,\n  'Service': 'echo'\n\n}"));

        assertContainsAll(message, "unknown key 'Foo' at line 3, column 3");
    }

    @Test
    void parse_unknownKeyNamedLikeItsParent_keepsTheParentInThePath() {
        assertContainsAll(error(json("{'NodeOptions': {'NodeOptions': 1}}")), "unknown key 'NodeOptions.NodeOptions'");
    }

    @Test
    void parse_valueOfWrongType_pointsAtItsKey() {
        assertContainsAll(error(json("{\n  'Service': 'echo',\n    'NodeCount': '3'\n}")),
                "NodeCount at line 3, column 5 should be a whole number");
    }

    @Test
    void parse_sameKeyInAnotherCase_isRefusedNotSilentlyOverwritten() {
        assertContainsAll(error(json("{'NodeCount': 1,\n 'nodeCount': 3}")),
                "key 'nodeCount' is given twice", "line 2, column 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {'EnvironmentVariables': [null]} | EnvironmentVariables[0] is null
            {'FileShares': [null]}           | FileShares[0] is null
            """)
    void parse_nullListItem_isNamed(String config, String expected) {
        assertContainsAll(error(json(config)), expected);
    }

    @Test
    void parse_missingColon_saysNotValidJsonWithLineAndColumn() {
        // Line 3 is `  "Service" "echo"`: the second quote, where a colon should be, is column 13.
        String message = error(json("{\n  'NodeCount': 2,\n  'Service' 'echo'\n}"));

        assertContainsAll(message, "not valid JSON at line 3, column 13");
    }

    @Test
    void parse_trailingComma_pointsAtClosingBrace() {
        String message = error(json("{\n  'NodeCount': 2,\n}"));

        assertContainsAll(message, "not valid JSON at line 3, column 1");
    }

    @Test
    void parse_truncatedObject_saysNotValidJson() {
        assertContainsAll(error(json("{'NodeCount': 2")), "not valid JSON", "line 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'NodeCount': '3'}              | NodeCount            | a whole number
            {'NodeCount': 2.5}              | NodeCount            | a whole number
            {'NodeCount': true}             | NodeCount            | a whole number
            {'NodeOptions': {'CpuCount': '2'}} | NodeOptions.CpuCount | a whole number
            {'Service': 1}                  | Service              | a string
            {'EnvironmentVariables': {}}    | EnvironmentVariables | a list
            {'NodeOptions': 3}              | NodeOptions          | an object
            """)
    void parse_valueOfWrongType_namesKeyAndExpectedType(String config, String key, String expected) {
        String message = error(json(config));

        assertContainsAll(message, key + " at line 1, column ", "should be " + expected);
    }

    @Test
    void parse_duplicateKey_isRefused() {
        assertContainsAll(error(json("{'NodeCount': 1, 'NodeCount': 2}")), "Duplicate field 'NodeCount'", "line 1");
    }

    @Test
    void parse_trailingContentAfterObject_isRefused() {
        assertContainsAll(error("{} {}"), "more JSON after the config object at line 1, column 4");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            []       | not a list [...]
            "echo"   | not a string
            3        | not a number
            true     | not true
            """)
    void parse_documentNotAnObject_saysConfigIsAnObject(String json, String kind) {
        assertContainsAll(error(json), "a config is a JSON object, at least {}, " + kind);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "   ", "\n"})
    void parse_emptyText_saysEmpty(String json) {
        assertContainsAll(error(json), "is empty", "{}");
    }

    @Test
    void parse_null_saysObjectExpected() {
        assertContainsAll(error("null"), "a config is a JSON object", "not null");
    }

    // --- files ---

    @Test
    void read_folder_saysFolder(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterConfigReader.read(dir));

        assertContainsAll(e.getMessage(), "Config file " + dir + " is a folder");
    }

    @Test
    void read_missingFile_saysDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfigReader.read(missing));

        assertContainsAll(e.getMessage(), missing.toString(), "does not exist");
    }

    @Test
    void read_badFile_namesFileInError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"NodeCount\": 0}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterConfigReader.read(file));

        assertEquals(file + ": NodeCount (0) must be at least 1", e.getMessage());
    }
}

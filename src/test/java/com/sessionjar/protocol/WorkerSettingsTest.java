package com.sessionjar.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static com.sessionjar.protocol.WorkerSettings.CONNECTION_STRING;
import static com.sessionjar.protocol.WorkerSettings.REQUEST_QUEUE;
import static com.sessionjar.protocol.WorkerSettings.RESPONSE_QUEUE;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerSettingsTest {
    private static final String KEY = "c2VjcmV0LWtleQ==";
    private static final String CONNECTION = "DefaultEndpointsProtocol=http;AccountName=acc;AccountKey=" + KEY;

    /** The variables a worker cannot do without, plus {@code extra} ones (a null value removes one). */
    private static Map<String, String> environment(String... extra) {
        Map<String, String> environment = new HashMap<>(Map.of(
                WorkerSettings.CONNECTION_STRING, CONNECTION,
                WorkerSettings.REQUEST_QUEUE, "clw-x-requests",
                WorkerSettings.RESPONSE_QUEUE, "clw-x-responses"));
        for (int i = 0; i < extra.length; i += 2) {
            environment.put(extra[i], extra[i + 1]);
        }
        return environment;
    }

    private static String error(Map<String, String> environment) {
        return assertThrows(IllegalArgumentException.class, () -> WorkerSettings.fromEnvironment(environment))
                .getMessage();
    }

    @Test
    void fromEnvironment_onlyRequiredVariables_givesDefaults() {
        WorkerSettings settings = WorkerSettings.fromEnvironment(environment());

        assertEquals(CONNECTION, settings.connectionString());
        assertEquals("clw-x-requests", settings.requestQueue());
        assertEquals("clw-x-responses", settings.responseQueue());
        assertEquals(Duration.ofSeconds(60), settings.messageLease());
        assertEquals(Duration.ofMillis(3000), settings.queryInterval());
        assertEquals(10, settings.concurrency());
        assertEquals("echo", settings.service());
    }

    @Test
    void fromEnvironment_everyOptionalVariableSet_usesThem() {
        WorkerSettings settings = WorkerSettings.fromEnvironment(environment(
                WorkerSettings.MESSAGE_LEASE, "120",
                WorkerSettings.QUERY_INTERVAL, " 250 ",
                WorkerSettings.CONCURRENCY, "3",
                WorkerSettings.SERVICE, "grpc"));

        assertEquals(Duration.ofSeconds(120), settings.messageLease());
        assertEquals(Duration.ofMillis(250), settings.queryInterval());
        assertEquals(3, settings.concurrency());
        assertEquals("grpc", settings.service());
    }

    @ParameterizedTest
    @ValueSource(strings = {CONNECTION_STRING, REQUEST_QUEUE, RESPONSE_QUEUE})
    void fromEnvironment_requiredVariableMissing_namesIt(String variable) {
        Map<String, String> environment = environment();
        environment.remove(variable);

        assertTrue(error(environment).startsWith(variable + " is not set"), variable);
    }

    @ParameterizedTest
    @ValueSource(strings = {CONNECTION_STRING, REQUEST_QUEUE, RESPONSE_QUEUE})
    void fromEnvironment_requiredVariableBlank_namesIt(String variable) {
        assertTrue(error(environment(variable, "  ")).startsWith(variable + " is not set"), variable);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        WorkerSettings.MESSAGE_LEASE + ", abc",
        WorkerSettings.MESSAGE_LEASE + ", 0",
        WorkerSettings.MESSAGE_LEASE + ", -1",
        WorkerSettings.MESSAGE_LEASE + ", 604801",
        WorkerSettings.MESSAGE_LEASE + ", 1.5",
        WorkerSettings.CONCURRENCY + ", abc",
        WorkerSettings.CONCURRENCY + ", 0",
        WorkerSettings.CONCURRENCY + ", -1",
        WorkerSettings.QUERY_INTERVAL + ", abc",
        WorkerSettings.QUERY_INTERVAL + ", 0"})
    void fromEnvironment_badNumber_namesVariableAndValue(String variable, String value) {
        String message = error(environment(variable, value));

        assertTrue(message.startsWith(variable + " (" + value + ") must be a whole number from 1 to "), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ServiceBus", "RabbitMQ"})
    void fromEnvironment_otherQueueType_isRefused(String queueType) {
        String message = error(environment(WorkerSettings.QUEUE_TYPE, queueType));

        assertTrue(message.startsWith(WorkerSettings.QUEUE_TYPE + " (" + queueType + ") is not supported"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AzureStorageQueue", "azurestoragequeue", "StorageQueue"})
    void fromEnvironment_storageQueueType_isAccepted(String queueType) {
        assertEquals(CONNECTION, WorkerSettings.fromEnvironment(environment(WorkerSettings.QUEUE_TYPE, queueType))
                .connectionString());
    }

    @Test
    void toString_neverShowsConnectionString() {
        String text = WorkerSettings.fromEnvironment(environment()).toString();

        assertFalse(text.contains(CONNECTION), text);
        assertFalse(text.contains(KEY), text);
        assertTrue(text.contains("clw-x-requests"), text);
        assertTrue(text.contains("concurrency=10"), text);
    }
}

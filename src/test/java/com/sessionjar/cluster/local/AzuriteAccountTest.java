package com.sessionjar.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.InfrastructureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzuriteAccountTest {
    @TempDir
    Path temp;

    @Test
    void of_aHomeWithoutKey_makesA64ByteKey_inAUserOnlyFile_andNothingElse() throws Exception {
        Path home = temp.resolve("home");
        AzuriteAccount account = AzuriteAccount.of(home);

        Path file = home.resolve(AzuriteAccount.FILE);
        assertEquals(file, account.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        assertEquals(64, Base64.getDecoder().decode(Files.readString(file).trim()).length);
        try (var files = Files.list(home)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void of_theSameHome_readsTheSameKey_andAnotherHomeGetsAnother() {
        String first = AzuriteAccount.of(temp.resolve("one")).azuriteAccounts();
        assertEquals(first, AzuriteAccount.of(temp.resolve("one")).azuriteAccounts());
        assertNotEquals(first, AzuriteAccount.of(temp.resolve("two")).azuriteAccounts());
    }

    @Test
    void of_calledAtOnceByManyThreads_givesEveryOneTheSameKey() throws Exception {
        Path home = temp.resolve("home");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            Callable<String> read = () -> AzuriteAccount.of(home).azuriteAccounts();
            for (int i = 0; i < 32; i++) {
                keys.add(pool.submit(read));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> key : keys) {
                distinct.add(key.get());
            }
            assertEquals(1, distinct.size());
            assertEquals(AzuriteAccount.NAME + ":" + Files.readString(home.resolve(AzuriteAccount.FILE)).trim(),
                    distinct.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectionString_namesTheAccountTheKeyAndTheLoopbackPort_andAzuriteGetsTheSameKey() throws Exception {
        AzuriteAccount account = AzuriteAccount.of(temp);
        String key = Files.readString(temp.resolve(AzuriteAccount.FILE)).trim();

        assertEquals("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + key
                + ";QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;", account.connectionString(10001));
        assertEquals("devstoreaccount1:" + key, account.azuriteAccounts());
        assertTrue(!account.toString().contains(key), "toString shows no key");
    }

    @Test
    void of_aKeyFileThatIsEmptyOrNotBase64_failsInOneLineNamingTheFile() throws Exception {
        for (String content : new String[] {"", "not base64!"}) {
            Files.writeString(temp.resolve(AzuriteAccount.FILE), content);
            InfrastructureException e = assertThrows(InfrastructureException.class, () -> AzuriteAccount.of(temp));
            assertTrue(e.getMessage().startsWith("Cannot read the local queue account's key from "
                    + temp.resolve(AzuriteAccount.FILE)), e.getMessage());
            assertTrue(e.getMessage().endsWith("delete it, and session.jar makes a new one"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}

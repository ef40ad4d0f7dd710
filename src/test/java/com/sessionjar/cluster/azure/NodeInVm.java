package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.AzureEnvironment;
import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.EnvironmentVariable;
import com.sessionjar.cluster.FileShareMount;
import com.sessionjar.cluster.QueueOptions;
import com.sessionjar.it.AzuriteProcess;
import com.sessionjar.it.vm.GuestVm;
import com.sessionjar.it.vm.SambaServer;
import com.sessionjar.protocol.GrpcReply;
import com.sessionjar.protocol.hello.HelloReply;
import com.sessionjar.session.SendOptions;
import com.sessionjar.session.SendResult;
import com.sessionjar.session.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node of an Azure session, as {@link NodeVmIT} runs it in a VM: the session's configs and keys,
 * the services standing in for its storage (Azurite's queues, Samba's shares), the node script as
 * {@link NodeBootstrap} renders it, and what to check in the guest and through the queues.
 */
final class NodeInVm {
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final Duration SCRIPT = Duration.ofMinutes(10);
    private static final Duration SEND = Duration.ofMinutes(8);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The guest's port of the forward to Azurite. */
    static final int QUEUE_PORT = 10001;
    /** The worker's connection string: Azurite's development account, through the forward. */
    private static final String GUEST_CONNECTION_STRING = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=" + AzuriteProcess.devKey() + ";QueueEndpoint=http://" + GuestVm.HOST_ADDRESS + ":"
            + QUEUE_PORT + "/devstoreaccount1;";
    private static final String MARKER = "/var/lib/sessionjar-vm-test/started";
    /**
     * For the worker's and GRpcHello's JVMs, through the config as a user could: under emulation the
     * C2 compiler's work costs more than it saves (the local provider starts its workers so too).
     */
    private static final EnvironmentVariable C1_ONLY = new EnvironmentVariable("JAVA_TOOL_OPTIONS",
            "-XX:TieredStopAtLevel=1", null);

    /** A share as a node mounts it. */
    record Share(String account, String share, String path) {
        static Share of(FileShareMount mount) {
            return new Share(mount.storageAccountName(), mount.fileShareName(), mount.mountPath());
        }
    }

    /** What one run of the node script left: its exit code and its stdout and stderr. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    private final ClusterId id;
    private final AzureNames names;
    private final AzuriteProcess azurite;
    private final SambaServer samba;
    private final String storageSuffix;
    private final String runtimeKey = key();
    private final String myfilesKey = key();
    private final String token = "token-" + key();
    private final Set<String> secrets = new LinkedHashSet<>(); // every secret given to the node, old keys too
    private String dataKey = key();
    private volatile ClusterConfig current; // the config the node runs, for the client; set by the test thread
    private int runs; // the test thread's only
    private String jarSha256; // of the session.jar on the runtime share, set by prepare

    NodeInVm(ClusterId id, AzureNames names, AzuriteProcess azurite, SambaServer samba, String storageSuffix) {
        this.id = id;
        this.names = names;
        this.azurite = azurite;
        this.samba = samba;
        this.storageSuffix = storageSuffix;
        secrets.add(AzuriteProcess.devKey());
        secrets.add(GUEST_CONNECTION_STRING);
    }

    SambaServer samba() {
        return samba;
    }

    Share runtime() {
        return new Share(names.storageAccount(), names.runtimeShare(), NodeBootstrap.RUNTIME_MOUNT);
    }

    Share myfiles() {
        return Share.of(myfilesMount());
    }

    Share data() {
        return Share.of(dataMount());
    }

    private FileShareMount myfilesMount() {
        return new FileShareMount("myfiles", "/myfiles", "myfiles", "userfiles1", myfilesKey);
    }

    private FileShareMount dataMount() {
        return new FileShareMount("data", "/data", "data", "userfiles2", dataKey);
    }

    /** The echo config with both shares, a secure value, and a short lease (a killed worker's requests come back sooner). */
    ClusterConfig echoConfig() {
        return new ClusterConfig(id.toString().split(":")[0], null, "echo",
                List.of(new EnvironmentVariable("TOKEN", null, token), C1_ONLY), List.of(myfilesMount(), dataMount()), 1, null,
                new QueueOptions(null, null, 20, null), null);
    }

    /**
     * The grpc config of GRpcSessionConfig.json, GRpcHello on the share at /myfiles; the share at /data
     * dropped. GRpcHello is a JVM, which emulation starts slowly: it gets 3 minutes to listen.
     */
    ClusterConfig grpcConfig() {
        return new ClusterConfig(id.toString().split(":")[0], null, "grpc",
                List.of(new EnvironmentVariable("GRPC_ServerURL", "http://localhost:8080", null),
                        new EnvironmentVariable("GRPC_ServerFileName", "/myfiles/GRpcHello/GRpcHello", null),
                        new EnvironmentVariable("GRPC_ServerUpTimeout", "180", null),
                        new EnvironmentVariable("TOKEN", null, token), C1_ONLY),
                List.of(myfilesMount()), 1, null, new QueueOptions(null, null, 20, null), null);
    }

    /** The node script for {@code config}, exactly as the Azure provider renders it, with this machine's endpoints. */
    String render(ClusterConfig config) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("storageEndpointSuffix", storageSuffix);
        AzureEnvironment cloud = new AzureEnvironment(endpoints);
        AzureAccess access = new AzureAccess(() -> {
            throw new IllegalStateException("no Azure here");
        }, cloud, null, null, account -> "https://" + account + ".file" + storageSuffix);
        BootstrapInput input = AzurePlan.bootstrapInput(id, names, config, GUEST_CONNECTION_STRING, runtimeKey, access,
                jarSha256);
        secrets.addAll(NodeBootstrap.secrets(input));
        current = config;
        return NodeBootstrap.script(input);
    }

    /** The shares' files on the Samba side, the users and their keys, and the session's queues. */
    void prepare(Path jar) throws IOException, InterruptedException {
        samba.share(names.runtimeShare(), names.storageAccount()).share("myfiles", "userfiles1").share("data", "userfiles2");
        samba.password(names.storageAccount(), runtimeKey);
        samba.password("userfiles1", myfilesKey);
        samba.password("userfiles2", dataKey);
        Files.copy(jar, samba.shareFolder(names.runtimeShare()).resolve("session.jar"));
        jarSha256 = RuntimeShare.sha256(jar);
        Files.writeString(samba.shareFolder("myfiles").resolve("hello.txt"), "hello from myfiles\n");
        Files.writeString(samba.shareFolder("data").resolve("hello.txt"), "hello from data\n");
        Path hello = Files.createDirectories(samba.shareFolder("myfiles").resolve("GRpcHello")).resolve("GRpcHello");
        Files.copy(jar.resolveSibling("GRpcHello"), hello, StandardCopyOption.COPY_ATTRIBUTES);
        azurite.account().queue("requests").createIfNotExists();
        azurite.account().queue("responses").createIfNotExists();
    }

    /**
     * What the node learns from Azure's DNS, here from /etc/hosts: every storage account's file
     * endpoint is the forward to Samba. And a mark of the time before the first run, for the leak check.
     */
    void prepareGuest(GuestVm vm) throws IOException, InterruptedException {
        String hosts = String.join(" ", List.of(runtime(), myfiles(), data()).stream()
                .map(share -> share.account() + ".file" + storageSuffix).toList());
        vm.check("names", "echo '" + GuestVm.HOST_ADDRESS + " " + hosts + "' >> /etc/hosts\n"
                + "mkdir -p " + MARKER.substring(0, MARKER.lastIndexOf('/')) + " && touch " + MARKER + "\n", COMMAND);
    }

    /**
     * Runs {@code script} as the CustomScript extension does: its protectedSettings' {@code script}
     * (gzip, Base64) decoded into {@code /var/lib/waagent/custom-script/download/<n>/script.sh}
     * (0500), run as root by a shell from that folder, stdout and stderr to files beside it.
     */
    Run bootstrap(GuestVm vm, String script) throws IOException, InterruptedException {
        String encoded = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(
                Base64.getDecoder().decode(Deployment.gzipBase64(script)));
        String dir = "/var/lib/waagent/custom-script/download/" + runs++;
        String command = "set -eu\n"
                + "install -d -m 0700 /var/lib/waagent /var/lib/waagent/custom-script "
                + "/var/lib/waagent/custom-script/download " + dir + "\n"
                + "base64 -d <<'SCRIPT' | gunzip > " + dir + "/script.sh\n" + encoded + "\nSCRIPT\n"
                + "chmod 0500 " + dir + "/script.sh\n"
                + "cd " + dir + "\n"
                + "status=0\n"
                + "env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/sh -c " + dir
                + "/script.sh >" + dir + "/stdout 2>" + dir + "/stderr </dev/null || status=$?\n"
                + "echo \"exit $status\"\n"
                + "echo '--- stdout'; cat " + dir + "/stdout\n"
                + "echo '--- stderr'; cat " + dir + "/stderr\n";
        long start = System.nanoTime();
        String output = vm.check("bootstrap", command, SCRIPT);
        int stdout = output.indexOf("--- stdout\n");
        int stderr = output.indexOf("--- stderr\n");
        Run run = new Run(Integer.parseInt(output.substring("exit ".length(), output.indexOf('\n')).strip()),
                output.substring(stdout + "--- stdout\n".length(), stderr), output.substring(stderr + "--- stderr\n".length()));
        System.err.println("NodeVmIT: node script run " + runs + " exited " + run.exitCode() + " in "
                + NodeVmIT.seconds(start) + " s");
        return run;
    }

    /** Exit code 0, the last line of a good run, and no secret in what Azure would keep of its output. */
    void assertSucceeded(Run run) {
        assertEquals(0, run.exitCode(), () -> "the node script failed:\n" + run.stdout() + run.stderr());
        assertTrue(run.stdout().strip().endsWith("session.jar bootstrap: worker started"), run.stdout());
        assertNoSecretIn("the script's output", run.stdout() + run.stderr());
    }

    /** Waits until systemd says the worker is active. */
    void assertWorkerActive(GuestVm vm, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            GuestVm.Result state = vm.run("is-active", "systemctl is-active " + NodeBootstrap.SERVICE, COMMAND);
            if (state.output().strip().equals("active")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the worker is not active after " + timeout.toSeconds() + " s: "
                        + state.output().strip() + "\n" + vm.run("status", "systemctl status --no-pager -l "
                        + NodeBootstrap.SERVICE + "; journalctl -b --no-pager -n 60 -u " + NodeBootstrap.SERVICE, COMMAND)
                        .output());
            }
            Thread.sleep(2000);
        }
    }

    /** findmnt shows exactly {@code shares}, each over SMB 3.1.1 from its account's endpoint with the script's options. */
    void assertMounts(GuestVm vm, List<Share> shares) throws IOException, InterruptedException {
        String output = vm.check("findmnt", "id -u " + NodeBootstrap.USER + "; id -g " + NodeBootstrap.USER
                + "; findmnt -rn -t cifs -o TARGET,SOURCE,OPTIONS", COMMAND);
        List<String> lines = output.lines().toList();
        String uid = lines.get(0);
        String gid = lines.get(1);
        Map<String, String[]> mounted = new LinkedHashMap<>();
        lines.subList(2, lines.size()).forEach(line -> {
            String[] fields = line.split(" ");
            mounted.put(fields[0], fields);
        });
        assertEquals(shares.stream().map(Share::path).collect(java.util.stream.Collectors.toSet()), mounted.keySet(),
                output);
        for (Share share : shares) {
            String[] fields = mounted.get(share.path());
            assertEquals("//" + share.account() + ".file" + storageSuffix + "/" + share.share(), fields[1], output);
            List<String> options = List.of(fields[2].split(","));
            // nosharesock, also asked for, is not among the options Debian 12's kernel shows.
            for (String option : List.of("vers=3.1.1", "username=" + share.account(), "uid=" + uid, "gid=" + gid,
                    "file_mode=0770", "dir_mode=0770", "serverino", "actimeo=30")) {
                assertTrue(options.contains(option), share.path() + " mounted without " + option + ": " + fields[2]);
            }
        }
    }

    /** Credentials files: {@code count} of them, each 0600 root, in a 0700 root folder. */
    void assertCredentialFiles(GuestVm vm, int count) throws IOException, InterruptedException {
        String output = vm.check("credentials", "stat -c '%a %U:%G %n' " + NodeBootstrap.CREDENTIALS_DIRECTORY + " "
                + NodeBootstrap.CREDENTIALS_DIRECTORY + "/*", COMMAND);
        List<String> lines = output.lines().toList();
        assertEquals("700 root:root " + NodeBootstrap.CREDENTIALS_DIRECTORY, lines.get(0), output);
        assertEquals(count, lines.size() - 1, output);
        lines.subList(1, lines.size()).forEach(line -> assertTrue(line.startsWith("600 root:root "), line));
    }

    /** The worker's process runs as its user, which reads each share; another user cannot. */
    void assertWorkerUserReadsShares(GuestVm vm, List<String> paths) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("ps -o user= -p \"$(systemctl show -p MainPID --value "
                + NodeBootstrap.SERVICE + ")\"\n");
        for (String path : paths) {
            command.append("runuser -u ").append(NodeBootstrap.USER).append(" -- cat ").append(path).append("/hello.txt\n")
                    .append("runuser -u nobody -- ls ").append(path).append(" >/dev/null 2>&1 && echo 'nobody reads ")
                    .append(path).append("'\n");
        }
        command.append("runuser -u ").append(NodeBootstrap.USER).append(" -- cmp ").append(NodeBootstrap.RUNTIME_MOUNT)
                .append("/session.jar ").append(NodeBootstrap.LOCAL_JAR).append(" && echo 'the jar is the share'\"'\"'s'\n");
        String output = vm.check("worker user", command.toString(), COMMAND);
        List<String> lines = output.lines().toList();
        assertEquals(NodeBootstrap.USER, lines.get(0), output);
        for (String path : paths) {
            assertTrue(lines.contains("hello from " + path.substring(1)), output);
        }
        assertFalse(output.contains("nobody reads"), output);
        assertTrue(lines.contains("the jar is the share's"), output);
    }

    /**
     * How often each share's account has logged in to Samba, by mount path. Each mount has a session
     * (and, with nosharesock, a connection) of its own, so a share mounted again logs in once more.
     * (Mount ids would not tell: Linux gives a new mount the lowest free one, often the one just freed.)
     */
    Map<String, Long> logins() {
        Map<String, Long> logins = new LinkedHashMap<>();
        for (Share share : List.of(runtime(), myfiles(), data())) {
            logins.put(share.path(), samba.logins(share.account()));
        }
        return logins;
    }

    /** The node's files and mounts, to compare before and after a run. */
    String state(GuestVm vm) throws IOException, InterruptedException {
        return vm.check("state", "sha256sum /etc/fstab " + NodeBootstrap.CREDENTIALS_DIRECTORY + "/* "
                + NodeBootstrap.ENVIRONMENT_FILE + " " + NodeBootstrap.UNIT_FILE + " " + NodeBootstrap.MOUNT_SHARES
                + "\nfindmnt -rn -t cifs -o TARGET,ID,SOURCE,OPTIONS", COMMAND);
    }

    /** A new key for the share at /data, which Samba takes at once (mounts made with the old one go on). */
    void rotateDataKey() throws IOException, InterruptedException {
        dataKey = key();
        samba.password("userfiles2", dataKey);
    }

    /** The share is unmounted, its credentials file removed and its fstab line gone. */
    void assertDropped(GuestVm vm, Share share) throws IOException, InterruptedException {
        String output = vm.check("dropped", "findmnt " + share.path() + " && echo still mounted\n"
                + "ls " + NodeBootstrap.CREDENTIALS_DIRECTORY + "\ngrep -c ' " + share.path() + " ' /etc/fstab || true", COMMAND);
        assertFalse(output.contains("still mounted"), output);
        assertFalse(output.contains(share.account() + "-" + share.share() + ".cred"), output);
        assertTrue(output.strip().endsWith("0"), output);
    }

    /** After a boot with the SMB server down: the worker's pre-start fails on its shares, again and again. */
    void assertWorkerWaitsForItsShares(GuestVm vm) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            String output = vm.check("waiting", "systemctl is-active " + NodeBootstrap.SERVICE + " || true\n"
                    + "journalctl -b --no-pager -o cat -u " + NodeBootstrap.SERVICE
                    + " | grep -c 'sessionjar-worker: could not mount' || true", COMMAND);
            List<String> lines = output.lines().toList();
            if (Integer.parseInt(lines.get(lines.size() - 1).strip()) >= 2) {
                assertNotEquals("active", lines.get(0), output);
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the worker did not try its shares twice: " + output);
            Thread.sleep(3000);
        }
    }

    /** Sends {@code count} echo requests through the session's queues and returns the run's result. */
    SendResult echo(String message, int count) throws InterruptedException {
        return send(message, count, new AtomicLong(), new AtomicReference<>());
    }

    /** Sends {@code count} requests to GRpcHello; every reply must be "Hello " + name (the client checks it). */
    SendResult hello(String name, int count) throws InterruptedException {
        AtomicReference<String> reply = new AtomicReference<>();
        SendResult result = send(name, count, new AtomicLong(), reply);
        String message = GrpcReply.parse(reply.get()).payloadAs(HelloReply.parser()).getMessage();
        assertEquals("Hello " + name, message, "a reply: " + reply.get());
        return result;
    }

    void assertEveryReply(SendResult result) {
        System.err.println("NodeVmIT: " + result.summary() + "; " + result.accounting());
        assertTrue(result.isComplete(), () -> "not every request was answered well: " + result.accounting()
                + (result.firstProblem() == null ? "" : "; first problem: " + result.firstProblem()));
    }

    /**
     * {@code kill -9} of the worker during a run: systemd starts it again and every request is answered.
     * The kill waits in the guest, armed before the run, for a flag the test raises at the tenth answer:
     * through the agent's queue, it came 6 to 9 s later, and a run of a fast machine was over by then.
     */
    void assertNoRequestLostWhenTheWorkerIsKilled(GuestVm vm) throws Exception {
        String kill = vm.begin("kill -9", "pid=$(systemctl show -p MainPID --value " + NodeBootstrap.SERVICE + ")\n"
                + "[ \"$pid\" -gt 0 ] || { echo \"no worker to kill\"; exit 1; }\n"
                + "echo armed > " + GuestVm.GUEST_FLAGS + "/kill-armed\n"
                + "for _ in $(seq 3600); do [ -e " + GuestVm.GUEST_FLAGS + "/kill ] && break; sleep 0.05; done\n"
                + "[ -e " + GuestVm.GUEST_FLAGS + "/kill ] || { echo \"no flag to kill\"; exit 1; }\n"
                + "kill -9 \"$pid\"\necho \"$pid\"");
        vm.awaitFlag("kill-armed", COMMAND);
        AtomicLong answered = new AtomicLong();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<SendResult> run = client.submit(() -> send("through a kill -9", 300, answered, new AtomicReference<>()));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (answered.get() < 10 && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(20);
            }
            long flagged = answered.get();
            vm.raise("kill");
            GuestVm.Result killed = vm.await(kill, COMMAND);
            long after = answered.get();
            System.err.println("NodeVmIT: killed the worker (" + killed.output().strip() + ") after " + flagged
                    + " answers; " + after + " when the kill was reported");
            assertEquals(0, killed.exitCode(), "the kill: " + killed.output());
            assertTrue(after < 300, "the run was over before the kill");
            assertEveryReply(run.get(SEND.toSeconds() + 60, TimeUnit.SECONDS));
        } finally {
            client.shutdownNow();
        }
        String output = vm.check("restarts", "systemctl show -p NRestarts --value " + NodeBootstrap.SERVICE, COMMAND);
        assertTrue(Integer.parseInt(output.strip()) >= 1, "systemd restarted the worker: NRestarts=" + output);
    }

    /**
     * No secret (keys, old ones too, the connection string, the secure value) in the processes'
     * arguments, the unit, the journal (every field, every boot) or any world-readable file changed
     * since the first run (on the root file system and the tmpfs ones); nor on the console.
     */
    void assertNoSecretLeaks(GuestVm vm) throws IOException, InterruptedException {
        String patterns = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(String.join("\n", secrets).getBytes(StandardCharsets.UTF_8));
        String output = vm.check("secrets", "umask 077\n"
                + "patterns=/run/sessionjar-vm-agent/secrets\n"
                + "base64 -d > \"$patterns\" <<'EOF'\n" + patterns + "\nEOF\n"
                + "echo \"ps $(ps -eww -o args= | grep -cF -f \"$patterns\")\"\n"
                + "echo \"unit $(systemctl cat " + NodeBootstrap.SERVICE + " | grep -cF -f \"$patterns\")\"\n"
                + "echo \"journal $(journalctl -o verbose --no-pager | grep -cF -f \"$patterns\")\"\n"
                + "find / /run /dev/shm -xdev -path /run/sessionjar-vm-agent -prune -o -type f -perm -o=r -cnewer "
                + MARKER + " -print > /run/sessionjar-vm-agent/files\n"
                + "echo \"checked $(wc -l < /run/sessionjar-vm-agent/files) files\"\n"
                + "tr '\\n' '\\0' < /run/sessionjar-vm-agent/files | xargs -0r grep -lF -f \"$patterns\" | sed 's/^/leak in /'\n"
                + "rm -f \"$patterns\" /run/sessionjar-vm-agent/files\n", COMMAND);
        System.err.println("NodeVmIT: secrets looked for: " + output.lines().filter(l -> l.startsWith("checked")).toList());
        List<String> lines = output.lines().toList();
        assertTrue(lines.containsAll(List.of("ps 0", "unit 0", "journal 0")), output);
        assertFalse(output.contains("leak in "), output);
        assertNoSecretIn("the console", vm.console());
    }

    private void assertNoSecretIn(String where, String text) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret in " + where);
        }
    }

    private SendResult send(String message, int count, AtomicLong answered, AtomicReference<String> firstReply)
            throws InterruptedException {
        VmSession node = new VmSession(() -> new Cluster(id, current, azurite.account(), "requests", "responses"));
        return new Sessions(node, node).get(id).sendAndReceive(message, count, SendOptions.DEFAULT.withTimeout(SEND),
                answer -> {
                    answered.incrementAndGet();
                    firstReply.compareAndSet(null, answer.reply());
                });
    }

    /** A key as Azure makes them: 64 random bytes in Base64. */
    private static String key() {
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

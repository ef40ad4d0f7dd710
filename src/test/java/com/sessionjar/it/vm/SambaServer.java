package com.sessionjar.it.vm;

import com.sessionjar.it.AzuriteProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Samba server (smbd in the foreground) standing in for Azure Files: SMB 3.1.1 only, encryption
 * required, on a free loopback port, with one user per storage account whose password is the account
 * key, as Azure Files takes them. The users live in files of its own through nss_wrapper (Samba's own
 * test library), so nothing of this machine's users changes. smbd runs as root, as it must, and opens
 * each share's files as root ({@code force user}). Lifecycle: {@link #start}, {@link #stop} (the server
 * down, its files kept), {@link #start} again, {@link #close}.
 */
public final class SambaServer implements AutoCloseable {
    /** The nss_wrapper library, from Debian's libnss-wrapper. */
    public static final Path NSS_WRAPPER = Path.of("/usr/lib/x86_64-linux-gnu/libnss_wrapper.so");

    private final Path folder;
    private final int port;
    private final Map<String, String> passwords = new LinkedHashMap<>(); // account -> key; the test thread's only
    private final Map<String, String> shares = new LinkedHashMap<>(); // share -> account
    private Process smbd; // the test thread's only

    private SambaServer(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** A server whose state lives under {@code folder}; nothing runs until {@link #start}. */
    public static SambaServer in(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String directory : List.of("lock", "state", "cache", "private", "pid", "ncalrpc", "shares")) {
            Files.createDirectories(folder.resolve(directory));
        }
        return new SambaServer(folder, AzuriteProcess.freePort());
    }

    /** The loopback port smbd listens on. */
    public int port() {
        return port;
    }

    /** The folder whose files the share {@code share} serves. */
    public Path shareFolder(String share) {
        return folder.resolve("shares").resolve(share);
    }

    /** Adds {@code share}, open to {@code account} only (before {@link #start}). */
    public SambaServer share(String share, String account) throws IOException {
        Files.createDirectories(shareFolder(share));
        shares.put(share, account);
        return this;
    }

    /** Sets the password of {@code account} (its storage account key), adding the user if new; takes effect at once. */
    public void password(String account, String key) throws IOException, InterruptedException {
        passwords.put(account, key);
        Files.writeString(config(), smbConf());
        writeUsers();
        ProcessBuilder builder = wrapped("smbpasswd", "-c", config().toString(), "-s", "-a", account);
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().write((key + "\n" + key + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("smbpasswd -a " + account + " failed: " + output);
        }
    }

    /** Starts smbd and waits until it listens. */
    public SambaServer start() throws IOException, InterruptedException {
        if (smbd != null && smbd.isAlive()) {
            throw new IllegalStateException("smbd already runs");
        }
        Files.writeString(config(), smbConf());
        writeUsers();
        // In a session of its own (setsid execs it, same pid): smbd signals its process group on the
        // way out, which must not be Maven's and the test's.
        smbd = wrapped("setsid", "smbd", "--foreground", "--no-process-group", "--debug-stdout",
                "--log-basename=" + folder, "--configfile=" + config())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("smbd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening()) {
            if (!smbd.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("smbd did not start: " + log());
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** Stops smbd and every process it started (one per client, and helpers), and waits until the port is closed. */
    public void stop() throws InterruptedException {
        if (smbd == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(smbd.descendants().toList());
        smbd.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!smbd.waitFor(10, TimeUnit.SECONDS)) {
            smbd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
            }
        }
        smbd = null;
    }

    /**
     * How many times {@code account} logged in so far (one SMB session each: a mount, or a reconnect),
     * from smbd's authentication audit. A mount made again after a key changed counts one more, and can
     * only have logged in with the new key.
     */
    public long logins(String account) {
        return log().lines().filter(line -> line.contains("\\[" + account + "]")
                && line.contains("status [NT_STATUS_OK]")).count();
    }

    /** smbd's log so far. */
    public String log() {
        try {
            Path log = folder.resolve("smbd.log");
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Path config() {
        return folder.resolve("smb.conf");
    }

    /**
     * SMB 3.1.1 only and encrypted, as Azure Files with secure transfer; no NetBIOS, printers or guest;
     * every state folder under {@link #folder}, listening on the loopback interface only.
     */
    private String smbConf() {
        StringBuilder conf = new StringBuilder();
        conf.append("[global]\n");
        Map<String, String> global = new LinkedHashMap<>();
        global.put("server role", "standalone server");
        global.put("smb ports", Integer.toString(port));
        global.put("interfaces", "lo");
        global.put("bind interfaces only", "yes");
        global.put("disable netbios", "yes");
        global.put("server min protocol", "SMB3_11");
        global.put("server max protocol", "SMB3_11");
        global.put("server smb encrypt", "required");
        global.put("map to guest", "never");
        // Each successful and failed log-in, one line each, in smbd's log: see logins().
        global.put("log level", "1 auth_audit:3");
        global.put("passdb backend", "tdbsam:" + folder.resolve("private/passdb.tdb"));
        for (String directory : List.of("lock", "state", "cache", "pid")) {
            global.put(directory + " directory", folder.resolve(directory).toString());
        }
        global.put("ncalrpc dir", folder.resolve("ncalrpc").toString());
        global.put("private dir", folder.resolve("private").toString());
        global.put("load printers", "no");
        global.put("printing", "bsd");
        global.put("printcap name", "/dev/null");
        global.put("disable spoolss", "yes");
        global.forEach((key, value) -> conf.append("  ").append(key).append(" = ").append(value).append('\n'));
        shares.forEach((share, account) -> conf.append('[').append(share).append("]\n")
                .append("  path = ").append(shareFolder(share)).append('\n')
                .append("  read only = no\n")
                .append("  valid users = ").append(account).append('\n')
                .append("  force user = root\n"));
        return conf.toString();
    }

    /** The users smbd sees through nss_wrapper: root (for force user), nobody (its guest account) and one per account. */
    private void writeUsers() throws IOException {
        StringBuilder passwd = new StringBuilder("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        StringBuilder group = new StringBuilder("root:x:0:\nnogroup:x:65534:\n");
        int uid = 60000;
        for (String account : passwords.keySet()) {
            uid++;
            passwd.append(account).append(":x:").append(uid).append(':').append(uid).append(":storage account:/nonexistent:/bin/false\n");
            group.append(account).append(":x:").append(uid).append(":\n");
        }
        Files.writeString(folder.resolve("passwd"), passwd);
        Files.writeString(folder.resolve("group"), group);
    }

    private ProcessBuilder wrapped(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LD_PRELOAD", NSS_WRAPPER.toString());
        builder.environment().put("NSS_WRAPPER_PASSWD", folder.resolve("passwd").toString());
        builder.environment().put("NSS_WRAPPER_GROUP", folder.resolve("group").toString());
        return builder;
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

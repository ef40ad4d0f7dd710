package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.it.AzuriteProcess;
import com.sessionjar.it.vm.GuestVm;
import com.sessionjar.it.vm.NodeImage;
import com.sessionjar.it.vm.SambaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node script the Azure provider renders, run unmodified as root in a real Debian 12 machine
 * (QEMU, booted from {@link NodeImage}), the way the CustomScript extension runs it, against real
 * services on this machine: a Samba server standing in for Azure Files (SMB 3.1.1, a user and
 * password per storage account and key) and Azurite for the queues, reached only through the
 * restricted user-mode network's forwards. One VM, booted three times: the echo config with two
 * file shares (mounts, files, secrets, 1,000 round trips, {@code kill -9} of the worker, a second
 * run, a rotated key), then the grpc config without one of the shares (GRpcHello from the mounted
 * share), a reboot, and a reboot with the SMB server down until the worker waits for it.
 */
@EnabledOnOs(OS.LINUX)
class NodeVmIT {
    private static final ClusterId ID = ClusterId.parse(
            "9fda6ae5-1210-43b9-a2da-703f0cdc253e:5b0e7a51-6f0c-4a43-9d0b-0c2d6b1f8e21");
    private static final AzureNames NAMES = AzureNames.of(ID);
    /** The cloud's storage suffix: host names under {@code .test} reach nothing but the guest's /etc/hosts. */
    private static final String STORAGE_SUFFIX = ".sessionjar.test";
    private static final int SMB_PORT = 445;
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration WORKER_START = Duration.ofMinutes(4);

    @TempDir
    Path folder;

    @Test
    void theRenderedNodeScript_onARealDebianNode_mountsSharesRunsTheWorkerAndSurvivesReboots() throws Exception {
        if (Boolean.getBoolean("sessionjar.skipNodeVm")) {
            System.err.println("NodeVmIT SKIPPED: -DskipNodeVm");
            org.junit.jupiter.api.Assumptions.abort("NodeVmIT skipped: -DskipNodeVm");
        }
        List<String> missing = NodeImage.missingTools();
        if (!missing.isEmpty()) {
            VmSkip.skipOrFail("cannot boot a node VM here, missing: " + String.join(", ", missing)
                    + " (.ci/run installs them)");
        }
        NodeImage image = NodeImage.cached();
        AzuriteProcess azurite = AzuriteProcess.start(folder.resolve("azurite"));
        try (SambaServer samba = SambaServer.in(folder.resolve("samba"))) {
            NodeInVm node = new NodeInVm(ID, NAMES, azurite, samba, STORAGE_SUFFIX);
            node.prepare(Path.of(System.getProperty("sessionjar.jar", "target/session.jar")));
            samba.start();
            long boot = System.nanoTime();
            try (GuestVm vm = GuestVm.start(image, Files.createDirectories(folder.resolve("vm")),
                    List.of(new GuestVm.Forward(SMB_PORT, samba.port()), new GuestVm.Forward(NodeInVm.QUEUE_PORT, azurite.port())),
                    BOOT)) {
                System.err.println("NodeVmIT: " + image.versions().lines().toList() + ", " + image.buildTime()
                        + "; booted with " + GuestVm.acceleratorName() + " in " + seconds(boot) + " s");
                try {
                    new Scenario(vm, node).run();
                } catch (Throwable e) {
                    System.err.println("NodeVmIT failed: " + e + "\nthe guest's console (" + folder.resolve("vm/console.log")
                            + "), last 300 lines:\n" + vm.consoleTail(300) + "\nsmbd's log, last lines:\n"
                            + tail(samba.log(), 40));
                    throw e;
                }
            }
        } finally {
            stop(azurite);
        }
    }

    /** SIGINT first, Azurite's own way to stop (its Ctrl-C); then AzuriteProcess's SIGTERM and SIGKILL if it lingers. */
    private static void stop(AzuriteProcess azurite) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(azurite.pid())).start().waitFor();
        ProcessHandle.of(azurite.pid()).ifPresent(process -> process.onExit().completeOnTimeout(process, 10,
                java.util.concurrent.TimeUnit.SECONDS).join());
        azurite.close();
    }

    /** The steps, in order, on one VM. */
    private record Scenario(GuestVm vm, NodeInVm node) {
        void run() throws Exception {
            long start = System.nanoTime();
            node.prepareGuest(vm);

            // The echo config, with two file shares, as create renders it.
            String first = node.render(node.echoConfig());
            node.assertSucceeded(node.bootstrap(vm, first));
            node.assertWorkerActive(vm, WORKER_START);
            node.assertMounts(vm, List.of(node.runtime(), node.myfiles(), node.data()));
            node.assertCredentialFiles(vm, 3);
            node.assertWorkerUserReadsShares(vm, List.of("/myfiles", "/data"));
            lap("first run and its checks", start);

            node.assertEveryReply(node.echo("hello from the host", 1000));
            lap("1,000 echo round trips", start);

            node.assertNoRequestLostWhenTheWorkerIsKilled(vm);
            lap("kill -9 of the worker", start);

            // The same input again: nothing changes (files, mounts), the worker is restarted.
            String before = node.state(vm);
            Map<String, Long> logins = node.logins();
            node.assertSucceeded(node.bootstrap(vm, first));
            assertEquals(before, node.state(vm), "a second run with the same input changes no file and no mount");
            assertEquals(logins, node.logins(), "a second run mounts nothing again");
            node.assertWorkerActive(vm, WORKER_START);
            lap("second run", start);

            // A rotated key: the share is mounted again with it (a new log-in, which only the new key
            // can make), the others stay as they are (no log-in).
            Map<String, Long> loginsBefore = node.logins();
            node.rotateDataKey();
            node.assertSucceeded(node.bootstrap(vm, node.render(node.echoConfig())));
            Map<String, Long> loginsAfter = node.logins();
            assertEquals(loginsBefore.get("/data") + 1, loginsAfter.get("/data"), "the rotated share is mounted again: "
                    + loginsBefore + " -> " + loginsAfter);
            assertEquals(loginsBefore.get("/myfiles"), loginsAfter.get("/myfiles"), "the other share stays mounted");
            assertEquals(loginsBefore.get(NodeBootstrap.RUNTIME_MOUNT), loginsAfter.get(NodeBootstrap.RUNTIME_MOUNT));
            node.assertMounts(vm, List.of(node.runtime(), node.myfiles(), node.data()));
            node.assertWorkerActive(vm, WORKER_START);
            node.assertWorkerUserReadsShares(vm, List.of("/data"));
            lap("rotated key", start);

            // An update to the grpc config, which drops the share at /data.
            node.assertSucceeded(node.bootstrap(vm, node.render(node.grpcConfig())));
            node.assertDropped(vm, node.data());
            node.assertMounts(vm, List.of(node.runtime(), node.myfiles()));
            node.assertWorkerActive(vm, WORKER_START);
            node.assertEveryReply(node.hello("node", 20));
            node.assertNoSecretLeaks(vm);
            lap("grpc update", start);

            // A reboot: no one runs the script; the shares come back and the worker answers.
            long reboot = System.nanoTime();
            vm.reboot(BOOT);
            System.err.println("NodeVmIT: rebooted in " + seconds(reboot) + " s");
            node.assertWorkerActive(vm, WORKER_START);
            node.assertMounts(vm, List.of(node.runtime(), node.myfiles()));
            node.assertEveryReply(node.hello("after a reboot", 20));
            lap("reboot", start);

            // A reboot with the SMB server down: the worker waits for its shares, and comes up once they are back.
            node.samba().stop();
            vm.reboot(BOOT);
            node.assertWorkerWaitsForItsShares(vm);
            node.samba().start();
            long back = System.nanoTime();
            node.assertWorkerActive(vm, WORKER_START);
            System.err.println("NodeVmIT: the worker was active " + seconds(back) + " s after the SMB server came back");
            node.assertMounts(vm, List.of(node.runtime(), node.myfiles()));
            node.assertEveryReply(node.hello("after the SMB server came back", 20));
            lap("reboot with the SMB server down", start);

            node.assertNoSecretLeaks(vm);
            lap("all", start);
        }
    }

    private static void lap(String what, long start) {
        System.err.println("NodeVmIT: " + what + " done at " + seconds(start) + " s");
    }

    static long seconds(long start) {
        return (System.nanoTime() - start) / 1_000_000_000;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** One visible line, then a skip where the tools are genuinely absent, or a failure in CI, where they must be there. */
    static final class VmSkip {
        private VmSkip() {
        }

        static void skipOrFail(String why) {
            if ("true".equals(System.getenv("CI"))) {
                fail("NodeVmIT must run in CI: " + why);
            }
            System.err.println("NodeVmIT SKIPPED: " + why);
            org.junit.jupiter.api.Assumptions.abort("NodeVmIT skipped: " + why);
        }
    }
}

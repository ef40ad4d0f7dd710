package com.sessionjar.it.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link NodeImage} booted in QEMU: software emulation (TCG) unless {@code SESSIONJAR_VM_ACCEL=kvm},
 * the disk a snapshot of the image (discarded at the end), the console in a log file. Its network is
 * QEMU's user-mode network with {@code restrict=on}: the guest reaches nothing but the {@link Forward}s,
 * each to a port on this machine's 127.0.0.1. The test drives it through the image's agent, which runs
 * the command files put in a 9p share ({@link #run}). Lifecycle: {@link #start}, {@link #close}.
 */
public final class GuestVm implements AutoCloseable {
    /** Where the forwards appear to the guest. */
    public static final String HOST_ADDRESS = "10.0.2.100";
    /** The folder, in the guest, of the flags {@link #raise} raises and {@link #awaitFlag} waits for. */
    public static final String GUEST_FLAGS = "/mnt/host/flags";

    /** The guest's {@code HOST_ADDRESS:guestPort} reaches this machine's {@code 127.0.0.1:hostPort}. */
    public record Forward(int guestPort, int hostPort) {
    }

    /** A command's exit code and output (stdout and stderr together). */
    public record Result(int exitCode, String output) {
    }

    private final Process qemu;
    private final Path folder;
    private final Path share;
    private final Set<String> boots = new HashSet<>(); // the test thread's only
    private int commands; // the test thread's only

    private GuestVm(Process qemu, Path folder, Path share) {
        this.qemu = qemu;
        this.folder = folder;
        this.share = share;
    }

    /** Boots {@code image} with {@code forwards}, its files under {@code folder}, and waits until its agent answers. */
    public static GuestVm start(NodeImage image, Path folder, List<Forward> forwards, Duration bootTimeout)
            throws IOException, InterruptedException {
        Path share = Files.createDirectories(folder.resolve("share"));
        Files.createDirectories(share.resolve("in"));
        Files.createDirectories(share.resolve("out"));
        Files.createDirectories(share.resolve("flags"));
        StringBuilder network = new StringBuilder("user,id=net0,restrict=on");
        for (Forward forward : forwards) {
            // One socat per connection the guest opens: a chardev would serve one connection only.
            network.append(",guestfwd=tcp:").append(HOST_ADDRESS).append(':').append(forward.guestPort())
                    .append("-cmd:socat - TCP:127.0.0.1:").append(forward.hostPort());
        }
        // In a session of its own (setsid execs it, same pid): a signal QEMU or its socat children send
        // to their process group must not reach Maven and the test, whose group it would otherwise be.
        List<String> command = new ArrayList<>(List.of("setsid", "qemu-system-x86_64", "-nodefaults", "-no-user-config",
                "-display", "none", "-monitor", "none"));
        command.addAll(accelerator());
        command.addAll(List.of("-smp", "2", "-m", "3072",
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", "root=/dev/vda rw console=ttyS0,115200 panic=10",
                "-drive", "file=" + image.disk() + ",format=raw,if=virtio,snapshot=on",
                "-netdev", network.toString(), "-device", "virtio-net-pci,netdev=net0",
                "-fsdev", "local,id=host,path=" + share + ",security_model=none",
                "-device", "virtio-9p-pci,fsdev=host,mount_tag=host",
                "-device", "virtio-rng-pci",
                "-serial", "file:" + folder.resolve("console.log")));
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("qemu.log").toFile()).start();
        GuestVm vm = new GuestVm(qemu, folder, share);
        try {
            vm.awaitBoot(bootTimeout);
        } catch (RuntimeException | Error e) {
            vm.close();
            throw e;
        }
        return vm;
    }

    /** TCG by default: the KVM of these machines runs Debian's kernel badly or not at all. */
    static List<String> accelerator() {
        return "kvm".equals(System.getenv("SESSIONJAR_VM_ACCEL")) ? List.of("-accel", "kvm", "-cpu", "host")
                : List.of("-accel", "tcg,thread=multi", "-cpu", "max");
    }

    /** Which accelerator {@link #accelerator} picks, in words. */
    public static String acceleratorName() {
        return String.join(" ", accelerator());
    }

    /**
     * Waits for a boot not seen before (the agent announces each boot) and returns its id.
     *
     * @throws IllegalStateException if QEMU exits or no new boot comes within {@code timeout}
     */
    public String awaitBoot(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Stream<Path> files = Files.list(share.resolve("out"))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith("boot-") && boots.add(name)) {
                        return name.substring("boot-".length());
                    }
                }
            }
            checkRunning(deadline, "a boot");
            Thread.sleep(250);
        }
    }

    /**
     * Runs {@code script} with bash, as root, in the guest, and waits for its end.
     *
     * @throws IllegalStateException if QEMU exits or the script runs longer than {@code timeout}
     */
    public Result run(String label, String script, Duration timeout) throws IOException, InterruptedException {
        return await(begin(label, script), timeout);
    }

    /**
     * Waits for the end of a script {@link #begin} handed to the agent.
     *
     * @throws IllegalStateException if QEMU exits or the script runs longer than {@code timeout}
     */
    public Result await(String command, Duration timeout) throws IOException, InterruptedException {
        Path rc = share.resolve("out").resolve(command + ".rc");
        awaitFile(rc, "'" + command + "'", timeout);
        String output = Files.readString(share.resolve("out").resolve(command + ".out"), StandardCharsets.UTF_8);
        return new Result(Integer.parseInt(Files.readString(rc).strip()), output);
    }

    /**
     * Raises the flag {@code name}: the file {@link #GUEST_FLAGS}/{@code name} appears in the guest, where
     * a script waiting for it sees it within its own poll (no trip through the agent's queue).
     */
    public void raise(String name) throws IOException {
        Files.writeString(share.resolve("flags").resolve(name), name);
    }

    /**
     * Waits until a guest script raises the flag {@code name} (writes {@link #GUEST_FLAGS}/{@code name}).
     *
     * @throws IllegalStateException if QEMU exits or the flag is not raised within {@code timeout}
     */
    public void awaitFlag(String name, Duration timeout) throws IOException, InterruptedException {
        awaitFile(share.resolve("flags").resolve(name), "the flag '" + name + "'", timeout);
    }

    /** Waits until {@code file} (in the share) exists; {@code what} names it in the failure. */
    private void awaitFile(Path file, String what, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            checkRunning(deadline, what);
            Thread.sleep(20);
        }
    }

    /** Runs {@code script} and returns its output, or fails with it if it exits with another code than 0. */
    public String check(String label, String script, Duration timeout) throws IOException, InterruptedException {
        Result result = run(label, script, timeout);
        if (result.exitCode() != 0) {
            throw new AssertionError("'" + label + "' exited with code " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** Reboots the guest as an operator would ({@code systemctl reboot}) and waits for the new boot. */
    public String reboot(Duration timeout) throws IOException, InterruptedException {
        begin("reboot", "systemctl reboot");
        return awaitBoot(timeout);
    }

    /** The guest's console so far. */
    public String console() {
        try {
            Path log = folder.resolve("console.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no console output)";
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** The last {@code lines} lines of the console. */
    public String consoleTail(int lines) {
        List<String> all = console().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException {
        qemu.destroy(); // SIGTERM: QEMU stops the guest at once and exits
        if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
            qemu.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Hands {@code script} to the agent, as {@link #run} does, without waiting: {@link #await} waits for its end. */
    public String begin(String label, String script) throws IOException {
        String name = String.format("%03d-%s", ++commands, label.replaceAll("[^A-Za-z0-9-]", "-"));
        Path in = share.resolve("in");
        Path temporary = in.resolve("." + name + ".tmp");
        Files.writeString(temporary, script, StandardCharsets.UTF_8);
        // The agent takes *.sh only: the rename makes the whole file appear at once.
        Files.move(temporary, in.resolve(name + ".sh"), StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    private void checkRunning(long deadline, String what) throws IOException {
        if (!qemu.isAlive()) {
            throw new IllegalStateException("QEMU exited (code " + qemu.exitValue() + ") while waiting for " + what + ": "
                    + Files.readString(folder.resolve("qemu.log")));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what + " in the VM");
        }
    }
}

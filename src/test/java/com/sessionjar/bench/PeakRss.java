package com.sessionjar.bench;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches a process and its descendants while they run (session.jar sends from a second JVM it
 * starts) and keeps each one's peak resident set, read from {@code /proc} every
 * {@value #PERIOD_MS} ms; a process's peak is gone with it, so it must be read while it lives.
 */
final class PeakRss implements AutoCloseable {
    private static final long PERIOD_MS = 200;

    private final ProcessHandle root;
    private final Map<Long, Long> peaksKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean closed;

    private PeakRss(ProcessHandle root) {
        this.root = root;
        this.sampler = new Thread(this::sampleUntilClosed, "peak-rss-" + root.pid());
        sampler.setDaemon(true);
    }

    /** Starts watching {@code root} and whatever it starts. */
    static PeakRss watch(ProcessHandle root) {
        PeakRss peak = new PeakRss(root);
        peak.sampler.start();
        return peak;
    }

    private void sampleUntilClosed() {
        while (!closed) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        Stream.concat(Stream.of(root), root.descendants()).forEach(process -> ProcStatus
                .kilobytes(process.pid(), ProcStatus.PEAK)
                .ifPresent(kb -> peaksKb.merge(process.pid(), kb, Math::max)));
    }

    /**
     * The sum of the peaks of every process seen, MB: at least the peak of their sum (the peaks
     * need not coincide), so a figure on the safe side. Empty if none was seen.
     */
    OptionalDouble totalMb() {
        return peaksKb.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(peaksKb.values().stream().mapToLong(Long::longValue).sum() / 1024.0);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        sampler.interrupt();
        sampler.join();
    }
}

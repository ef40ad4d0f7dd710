package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.protocol.ServiceKind;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Azure VM size of a session's nodes: {@code NodeOptions.VmSize} when the config sets it, else
 * the first size of {@link #table()}, in {@link #CHEAPEST_FIRST} order, with a SCSI disk, at least
 * {@code CpuCount} vCPUs and at least {@code MemInGB} GiB, raised to what the service needs
 * ({@link #minimumMemoryGiB}).
 */
public final class VmSizes {
    /**
     * One VM size.
     *
     * @param name      Azure's name, e.g. {@code Standard_B2ats_v2}
     * @param series    its series, which says where the figures come from
     * @param vcpus     virtual CPUs
     * @param memoryGiB memory in GiB (Azure's pages write GB or GiB for the same figures)
     */
    public record VmSize(String name, VmSeries series, int vcpus, double memoryGiB) {
        /** How the size attaches its disks. */
        public VmSeries.DiskController diskController() {
            return series.diskController();
        }
    }

    private static final List<VmSize> TABLE = VmSeries.ALL.stream()
            .flatMap(series -> series.sizes().stream()).toList();

    /**
     * No price list exists in session.jar (Azure's size pages give none), so the order stands in for
     * one: fewer vCPUs first, then the series' kind (burstable, general purpose, memory optimised),
     * then less memory; sizes equal in all three keep the table's order (AMD series first).
     */
    static final Comparator<VmSize> CHEAPEST_FIRST = Comparator.comparingInt(VmSize::vcpus)
            .thenComparing(size -> size.series().kind())
            .thenComparingDouble(VmSize::memoryGiB);

    private VmSizes() {
    }

    /** The sizes session.jar knows, series by series in the order of {@link VmSeries#ALL}. */
    public static List<VmSize> table() {
        return TABLE;
    }

    /** The size called {@code name} (in any case) if the table has it. */
    public static Optional<VmSize> find(String name) {
        return TABLE.stream().filter(size -> size.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The memory a node of {@code service} needs at least, whatever {@code MemInGB} says: a grpc node
     * runs two JVMs (the worker and the gRPC server it starts, e.g. GRpcHello, each taking a quarter of
     * the node's memory for its heap by default), a cgi node the worker and the programs it starts
     * ({@code Worker__Concurrency} of them at once), an echo node the worker alone.
     */
    private static int minimumMemoryGiB(ServiceKind service) {
        return switch (service) {
            case ECHO -> 1;
            case CGI -> 2;
            case GRPC -> 4;
        };
    }

    /** The memory, in GiB, a node with {@code options} running {@code service} gets at least. */
    static int memoryGiB(NodeOptions options, ServiceKind service) {
        return Math.max(options.memInGB(), minimumMemoryGiB(service));
    }

    /**
     * The VM size for the nodes of {@code config}.
     *
     * @throws BadInputException when no size in the table has the CPUs and memory asked for
     */
    static String choose(ClusterConfig config) {
        return choose(config.nodeOptions(), config.serviceKind());
    }

    /**
     * The VM size for nodes with {@code options} running {@code service}.
     *
     * @throws BadInputException when no size in the table has the CPUs and memory asked for
     */
    static String choose(NodeOptions options, ServiceKind service) {
        if (options.vmSize() != null && !options.vmSize().isBlank()) {
            return options.vmSize().trim();
        }
        int cpus = options.cpuCount();
        int memory = memoryGiB(options, service);
        String raised = memory > options.memInGB() ? " (" + memory + " for a " + service.configName() + " node)" : "";
        // NVMe-only sizes are never chosen: a scale set made on one of them, or moved to one, could not
        // be resized to the SCSI sizes every other session runs on.
        return TABLE.stream()
                .filter(size -> size.diskController() == VmSeries.DiskController.SCSI)
                .filter(size -> size.vcpus() >= cpus && size.memoryGiB() >= memory)
                .sorted(CHEAPEST_FIRST)
                .findFirst()
                .map(VmSize::name)
                .orElseThrow(() -> new BadInputException("No VM size in session.jar's table has NodeOptions.CpuCount ("
                        + cpus + ") vCPUs and NodeOptions.MemInGB (" + options.memInGB() + ") GiB" + raised
                        + ": set NodeOptions.VmSize to an Azure size explicitly, e.g. Standard_M128s"));
    }
}

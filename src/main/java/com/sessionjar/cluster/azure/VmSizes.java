package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.NodeOptions;
import java.util.Comparator;
import java.util.List;

/**
 * The Azure VM size of a session's nodes: {@code NodeOptions.VmSize} when the config sets it, else
 * the cheapest size of {@link #table()} with at least {@code CpuCount} vCPUs and {@code MemInGB} GiB;
 * ties go to fewer vCPUs, then less memory.
 */
public final class VmSizes {
    /**
     * One VM size.
     *
     * @param name       Azure's name, e.g. {@code Standard_D2s_v5}
     * @param vcpus      virtual CPUs
     * @param memoryGiB  memory in GiB
     * @param usdPerHour Linux pay-as-you-go list price in East US, US dollars an hour
     */
    public record VmSize(String name, int vcpus, double memoryGiB, double usdPerHour) {
    }

    // Prices are Azure's Linux pay-as-you-go list prices in East US, checked roughly: they only order
    // the choice (and the order holds in every region we looked at), they are not a quote.
    private static final List<VmSize> TABLE = List.of(
            // B-series: burstable, the cheapest for mostly idle workers.
            new VmSize("Standard_B1s", 1, 1, 0.0104),
            new VmSize("Standard_B1ms", 1, 2, 0.0207),
            new VmSize("Standard_B2s", 2, 4, 0.0416),
            new VmSize("Standard_B2ms", 2, 8, 0.0832),
            new VmSize("Standard_B4ms", 4, 16, 0.166),
            new VmSize("Standard_B8ms", 8, 32, 0.333),
            // D v5: general purpose, 4 GiB per vCPU.
            new VmSize("Standard_D2s_v5", 2, 8, 0.096),
            new VmSize("Standard_D4s_v5", 4, 16, 0.192),
            new VmSize("Standard_D8s_v5", 8, 32, 0.384),
            new VmSize("Standard_D16s_v5", 16, 64, 0.768),
            new VmSize("Standard_D32s_v5", 32, 128, 1.536),
            new VmSize("Standard_D48s_v5", 48, 192, 2.304),
            new VmSize("Standard_D64s_v5", 64, 256, 3.072),
            // E v5: memory optimised, 8 GiB per vCPU.
            new VmSize("Standard_E2s_v5", 2, 16, 0.126),
            new VmSize("Standard_E4s_v5", 4, 32, 0.252),
            new VmSize("Standard_E8s_v5", 8, 64, 0.504),
            new VmSize("Standard_E16s_v5", 16, 128, 1.008),
            new VmSize("Standard_E20s_v5", 20, 160, 1.26),
            new VmSize("Standard_E32s_v5", 32, 256, 2.016),
            new VmSize("Standard_E48s_v5", 48, 384, 3.024),
            new VmSize("Standard_E64s_v5", 64, 512, 4.032),
            // F v2: compute optimised, 2 GiB per vCPU.
            new VmSize("Standard_F2s_v2", 2, 4, 0.0846),
            new VmSize("Standard_F4s_v2", 4, 8, 0.169),
            new VmSize("Standard_F8s_v2", 8, 16, 0.338),
            new VmSize("Standard_F16s_v2", 16, 32, 0.677),
            new VmSize("Standard_F32s_v2", 32, 64, 1.353),
            new VmSize("Standard_F48s_v2", 48, 96, 2.03),
            new VmSize("Standard_F64s_v2", 64, 128, 2.706),
            new VmSize("Standard_F72s_v2", 72, 144, 3.045));

    private static final Comparator<VmSize> CHEAPEST = Comparator.comparingDouble(VmSize::usdPerHour)
            .thenComparingInt(VmSize::vcpus)
            .thenComparingDouble(VmSize::memoryGiB);

    private VmSizes() {
    }

    /** The sizes {@link #choose} picks from, in the order above (family, then size). */
    public static List<VmSize> table() {
        return TABLE;
    }

    /**
     * The VM size for nodes with {@code options}.
     *
     * @throws BadInputException when no size in the table has the CPUs and memory asked for
     */
    static String choose(NodeOptions options) {
        if (options.vmSize() != null && !options.vmSize().isBlank()) {
            return options.vmSize().trim();
        }
        int cpus = options.cpuCount();
        int memory = options.memInGB();
        return TABLE.stream()
                .filter(size -> size.vcpus() >= cpus && size.memoryGiB() >= memory)
                .min(CHEAPEST)
                .map(VmSize::name)
                .orElseThrow(() -> new BadInputException("No VM size in session.jar's table has NodeOptions.CpuCount ("
                        + cpus + ") vCPUs and NodeOptions.MemInGB (" + memory + ") GiB: set NodeOptions.VmSize to an"
                        + " Azure size explicitly, e.g. Standard_M128s"));
    }
}

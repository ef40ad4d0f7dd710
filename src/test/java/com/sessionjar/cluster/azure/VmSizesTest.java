package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.cluster.azure.VmSizes.VmSize;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmSizesTest {
    @Test
    void choose_defaultOptions_isB1s() {
        assertEquals("Standard_B1s", VmSizes.choose(NodeOptions.DEFAULT));
    }

    @Test
    void choose_2Cpus8GiB_isTheCheapestSizeWithAtLeastThat() {
        String chosen = VmSizes.choose(new NodeOptions(2, 8, null, null));

        double cheapest = VmSizes.table().stream()
                .filter(size -> size.vcpus() >= 2 && size.memoryGiB() >= 8)
                .mapToDouble(VmSize::usdPerHour).min().orElseThrow();
        assertEquals("Standard_B2ms", chosen);
        assertEquals(cheapest, price(chosen));
    }

    @ParameterizedTest
    @CsvSource({"1, 2, Standard_B1ms", "2, 1, Standard_B2s", "4, 8, Standard_B4ms", "16, 32, Standard_F16s_v2", "8, 64, Standard_E8s_v5",
            "64, 256, Standard_D64s_v5", "72, 1, Standard_F72s_v2", "1, 512, Standard_E64s_v5"})
    void choose_cpusAndMemory_isTheCheapestSizeLargeEnough(int cpus, int memory, String expected) {
        assertEquals(expected, VmSizes.choose(new NodeOptions(cpus, memory, null, null)));
    }

    @Test
    void choose_everyCpuAndMemoryCombination_neverGivesLessThanAsked() {
        for (int c = 1; c <= 80; c++) {
            for (int m = 1; m <= 1024; m *= 2) {
                int cpus = c;
                int memory = m;
                NodeOptions options = new NodeOptions(cpus, memory, null, null);
                try {
                    VmSize size = size(VmSizes.choose(options));
                    assertTrue(size.vcpus() >= cpus && size.memoryGiB() >= memory, options + " got " + size);
                } catch (IllegalArgumentException tooBig) {
                    assertTrue(VmSizes.table().stream().noneMatch(s -> s.vcpus() >= cpus && s.memoryGiB() >= memory),
                            options + " refused though a size fits");
                }
            }
        }
    }

    @Test
    void choose_explicitVmSize_winsOverCpusAndMemory() {
        assertEquals("Standard_NC6s_v3", VmSizes.choose(new NodeOptions(1, 1, null, "Standard_NC6s_v3")));
        assertEquals("Standard_B1s", VmSizes.choose(new NodeOptions(128, 4096, null, "Standard_B1s")));
    }

    @Test
    void choose_moreThanAnySizeHas_isRefusedNamingCpusMemoryAndVmSize() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> VmSizes.choose(new NodeOptions(96, 1024, null, null)));

        assertTrue(error.getMessage().contains("CpuCount (96)"), error.getMessage());
        assertTrue(error.getMessage().contains("MemInGB (1024)"), error.getMessage());
        assertTrue(error.getMessage().contains("NodeOptions.VmSize"), error.getMessage());
    }

    @Test
    void table_namesAreUniqueAzureSizeNamesWithPositiveFigures() {
        Set<String> names = new HashSet<>();
        for (VmSize size : VmSizes.table()) {
            assertTrue(names.add(size.name()), "duplicate " + size.name());
            assertTrue(size.name().matches("Standard_[A-Z][0-9]+[a-z]*(_v[0-9])?"), size.name());
            assertTrue(size.vcpus() > 0 && size.memoryGiB() > 0 && size.usdPerHour() > 0, size.toString());
        }
    }

    private static VmSize size(String name) {
        return VmSizes.table().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static double price(String name) {
        return size(name).usdPerHour();
    }
}

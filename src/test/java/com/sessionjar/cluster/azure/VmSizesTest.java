package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.NodeOptions;
import com.sessionjar.cluster.azure.VmSizes.VmSize;
import com.sessionjar.protocol.ServiceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmSizesTest {
    @ParameterizedTest
    @CsvSource({"ECHO, Standard_B2ats_v2", "CGI, Standard_B2als_v2", "GRPC, Standard_B2als_v2"})
    void choose_defaultOptions_isTheFirstSizeWithTheMemoryTheServiceNeeds(ServiceKind service, String expected) {
        assertEquals(expected, VmSizes.choose(NodeOptions.DEFAULT, service));
    }

    @Test
    void choose_grpc_neverGivesLessThan4GiB_forItsTwoJvms() {
        for (int memory = 1; memory <= 4; memory++) {
            VmSize size = size(VmSizes.choose(new NodeOptions(1, memory, null, null), ServiceKind.GRPC));

            assertTrue(size.memoryGiB() >= 4, memory + " GiB asked, got " + size);
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 8, Standard_B2as_v2", "2, 2, Standard_B2als_v2", "4, 32, Standard_E4as_v5", "1, 16, Standard_E2as_v5",
            "16, 32, Standard_B16als_v2", "40, 1, Standard_D48as_v5", "48, 96, Standard_D48as_v5",
            "96, 1, Standard_D96as_v5", "1, 672, Standard_E96as_v5", "20, 100, Standard_E20as_v5"})
    void choose_cpusAndMemory_isTheFirstSizeLargeEnough_fewestCpusThenKindThenMemory(int cpus, int memory,
            String expected) {
        assertEquals(expected, VmSizes.choose(new NodeOptions(cpus, memory, null, null), ServiceKind.ECHO));
    }

    @Test
    void choose_everyCpuAndMemoryCombination_givesAScsiSizeWithAtLeastThat_orRefusesWhenNoneHasIt() {
        for (int c = 1; c <= 100; c++) {
            for (int m = 1; m <= 1024; m *= 2) {
                int cpus = c;
                int memory = m;
                NodeOptions options = new NodeOptions(cpus, memory, null, null);
                try {
                    VmSize size = size(VmSizes.choose(options, ServiceKind.ECHO));
                    assertTrue(size.vcpus() >= cpus && size.memoryGiB() >= memory, options + " got " + size);
                    assertEquals(VmSeries.DiskController.SCSI, size.diskController(), size.toString());
                    VmSize first = VmSizes.table().stream()
                            .filter(s -> s.diskController() == VmSeries.DiskController.SCSI)
                            .filter(s -> s.vcpus() >= cpus && s.memoryGiB() >= memory)
                            .sorted(VmSizes.CHEAPEST_FIRST).findFirst().orElseThrow();
                    assertEquals(first, size);
                } catch (BadInputException tooBig) {
                    assertTrue(VmSizes.table().stream().noneMatch(s -> s.vcpus() >= cpus && s.memoryGiB() >= memory
                            && s.diskController() == VmSeries.DiskController.SCSI), options + " refused though a size fits");
                }
            }
        }
    }

    @Test
    void choose_explicitVmSize_winsOverCpusMemoryAndService() {
        assertEquals("Standard_NC6s_v3", VmSizes.choose(new NodeOptions(1, 1, null, "Standard_NC6s_v3"), ServiceKind.GRPC));
        assertEquals("Standard_B1s", VmSizes.choose(new NodeOptions(128, 4096, null, " Standard_B1s "), ServiceKind.ECHO));
        assertEquals("Standard_D2as_v6", VmSizes.choose(new NodeOptions(1, 1, null, "Standard_D2as_v6"), ServiceKind.ECHO));
    }

    @Test
    void choose_moreThanAnySizeHas_isRefusedNamingCpusMemoryAndVmSize() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> VmSizes.choose(new NodeOptions(97, 1024, null, null), ServiceKind.ECHO));

        assertEquals("No VM size in session.jar's table has NodeOptions.CpuCount (97) vCPUs and NodeOptions.MemInGB (1024)"
                + " GiB: set NodeOptions.VmSize to an Azure size explicitly, e.g. Standard_M128s", error.getMessage());
    }

    @Test
    void choose_moreThanAnySizeHas_forGrpc_saysTheMemoryWasRaised() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> VmSizes.choose(new NodeOptions(100, 1, null, null), ServiceKind.GRPC));

        assertTrue(error.getMessage().contains("NodeOptions.MemInGB (1) GiB (4 for a grpc node): set NodeOptions.VmSize"),
                error.getMessage());
    }

    @Test
    void table_holdsCurrentSeriesOnly_uniqueNamesWithPositiveFigures() {
        Set<String> names = new HashSet<>();
        for (VmSize size : VmSizes.table()) {
            assertTrue(names.add(size.name()), "duplicate " + size.name());
            // Basv2/Bsv2 end in _v2, the D and E series in _v5 or _v6: no B v1, Dv2-v4, Ev3-v4 or Fsv2 here.
            assertTrue(size.name().matches("Standard_(B[0-9]+[a-z]+_v2|[DE][0-9]+[a-z]+_v[56])"), size.name());
            assertTrue(size.vcpus() > 0 && size.memoryGiB() > 0, size.toString());
        }
        assertEquals(11 + 11 + 8 + 9 + 8 + 8, names.size());
        assertEquals(VmSizes.find("standard_b2ats_v2"), VmSizes.find("Standard_B2ats_v2"));
    }

    @Test
    void table_nvmeOnly_isTheV6SeriesAlone() {
        for (VmSize size : VmSizes.table()) {
            assertEquals(size.name().endsWith("_v6"), size.diskController() == VmSeries.DiskController.NVME, size.name());
        }
    }

    @Test
    void series_sayWhereTheirFiguresComeFrom() {
        for (VmSeries series : VmSeries.ALL) {
            assertTrue(series.page().matches("(general-purpose|memory-optimized)/[a-z0-9]+-series\\.md"), series.page());
            assertTrue(series.commit().matches("[0-9a-f]{40}"), series.commit());
        }
    }

    @Test
    void docs_vmSizesTable_listsEverySeriesWithItsSizesAndSource() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs", "azure.md"));

        for (VmSeries series : VmSeries.ALL) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("| " + series.title() + " ")
                            && line.contains(series.sizesText()) && line.contains("`" + series.page() + "`")
                            && line.contains("`" + series.commit() + "`")),
                    "docs/azure.md has no row for " + series.title() + " with its sizes, page and commit");
        }
    }

    private static VmSize size(String name) {
        return VmSizes.find(name).orElseThrow();
    }
}

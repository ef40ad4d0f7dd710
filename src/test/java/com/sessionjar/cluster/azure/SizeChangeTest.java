package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeChangeTest {
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "Standard_D2s_v5, Standard_D2s_v5, NONE",
        "standard_d2s_v5, Standard_D2s_v5, NONE",
        ", Standard_D2s_v5, NONE",
        "Standard_D2s_v5, Standard_D16s_v5, IN_PLACE",
        "Standard_B2ats_v2, Standard_B8ats_v2, IN_PLACE",
        "Standard_E4-2s_v5, Standard_E8s_v5, IN_PLACE",
        "Standard_D2as_v6, Standard_D4as_v6, IN_PLACE",
        "Standard_B1s, Standard_B2s, IN_PLACE",
        "Standard_D2s_v5, Standard_E2s_v5, DEALLOCATE",
        "Standard_D2s_v5, Standard_D2as_v5, DEALLOCATE",
        "Standard_B2ats_v2, Standard_B2als_v2, DEALLOCATE",
        "Standard_B2ts_v2, Standard_D2s_v5, DEALLOCATE",
        "Standard_D2as_v6, Standard_F2as_v6, DEALLOCATE",
        "Standard_B1s, Standard_F2s_v2, DEALLOCATE",
        "Standard_D2s_v4, Standard_D2s_v5, DEALLOCATE",
        "Standard_NV6ads_A10_v5, Standard_D2s_v5, DEALLOCATE"})
    void of_namesHowNodesMoveBetweenSizes(String from, String to, SizeChange expected) {
        assertEquals(expected, SizeChange.of(from, to));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Standard_D2s_v5, Standard_D2as_v6, SCSI disks, NVMe disks only",
        "Standard_B2ats_v2, Standard_D2s_v6, SCSI disks, NVMe disks only",
        "Standard_F2as_v6, Standard_F2s_v2, NVMe disks only, SCSI disks",
        "Standard_B1s, Standard_B2ats_v2, with a local temp disk, without a local temp disk",
        "Standard_D2s_v5, Standard_D2ds_v5, without a local temp disk, with a local temp disk",
        "Standard_F2s_v2, Standard_F2s_v5, with a local temp disk, without a local temp disk"})
    void of_aChangeAzureCannotMake_isRefusedInOneLineNamingBothSizesAndWhatToDo(String from, String to, String fromDisks,
                                                                                 String toDisks) {
        BadInputException e = assertThrows(BadInputException.class, () -> SizeChange.of(from, to));

        assertEquals("the nodes' VM size cannot change from " + from + " (" + fromDisks + ") to " + to + " (" + toDisks
                + "): Azure cannot resize between the two; create a new session with this config (and --delete this "
                + "one), or set NodeOptions.VmSize to " + from + " to keep the nodes' size", e.getMessage());
    }

    @Test
    void of_whereNamesDoNotTellTheDisks_leavesItToAzure() {
        // v4 families mix sizes with and without a temp disk: not judged by name.
        assertEquals(SizeChange.DEALLOCATE, SizeChange.of("Standard_D2s_v4", "Standard_D2a_v4"));
        assertEquals(SizeChange.DEALLOCATE, SizeChange.of("Standard_D2s_v4", "Standard_B2ts_v2"));
        assertEquals(SizeChange.DEALLOCATE, SizeChange.of("Standard_D2s_v5", "a size of the future"));
    }

    @Test
    void nvmeOnly_isTheV6AndLaterFamilies() {
        assertTrue(SizeChange.nvmeOnly("Standard_D2as_v6"));
        assertTrue(SizeChange.nvmeOnly("Standard_E2s_v7"));
        assertFalse(SizeChange.nvmeOnly("Standard_D2s_v5"));
        assertFalse(SizeChange.nvmeOnly("Standard_B2ats_v2"));
        assertFalse(SizeChange.nvmeOnly("Standard_B1s"));
        assertFalse(SizeChange.nvmeOnly("not a size"));
    }

    @Test
    void nvmeOnly_ofEverySizeInTheTable_isItsSeriesDiskController() {
        for (VmSizes.VmSize size : VmSizes.table()) {
            assertEquals(size.diskController() == VmSeries.DiskController.NVME, SizeChange.nvmeOnly(size.name()),
                    size.name());
        }
    }

    @Test
    void of_judgesDisksByTheTableWhereItHasTheSize_andByTheNameElsewhere() {
        // A table that says otherwise than the names: its word counts for the sizes it has.
        VmSizes.VmSize scsiV6 = new VmSizes.VmSize("Standard_D2as_v6", VmSeries.DASV5, 2, 8);
        VmSizes.VmSize nvmeV5 = new VmSizes.VmSize("Standard_D4as_v5", VmSeries.DASV6, 4, 16);
        Map<String, VmSizes.VmSize> table = Map.of("standard_d2as_v6", scsiV6, "standard_d4as_v5", nvmeV5);
        Function<String, Optional<VmSizes.VmSize>> find =
                name -> Optional.ofNullable(table.get(name.toLowerCase(Locale.ROOT)));

        assertEquals(SizeChange.DEALLOCATE, SizeChange.of("Standard_D2s_v5", "Standard_D2as_v6", find),
                "SCSI to SCSI, by the table");
        BadInputException e = assertThrows(BadInputException.class,
                () -> SizeChange.of("Standard_D2as_v5", "Standard_D4as_v5", find));
        assertTrue(e.getMessage().contains("(SCSI disks) to Standard_D4as_v5 (NVMe disks only)"), e.getMessage());
        // Not in the table: the name rule.
        assertThrows(BadInputException.class, () -> SizeChange.of("Standard_D2s_v5", "Standard_E2s_v7", find));
        assertEquals(SizeChange.IN_PLACE, SizeChange.of("Standard_D2s_v5", "Standard_D4s_v5", find));
    }
}

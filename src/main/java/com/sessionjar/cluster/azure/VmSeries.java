package com.sessionjar.cluster.azure;

import java.util.Arrays;
import java.util.List;

/**
 * An Azure VM size series session.jar knows: a current-generation x64 series a new subscription can
 * deploy, with its sizes (vCPUs / memory) as the "Basics" table of its page in
 * MicrosoftDocs/azure-compute-docs says, and where that page is. Older series (B v1, Dv2 to Dv4,
 * Ev3, Ev4, Fsv2 and others) are not here: Azure's previous-generation capacity notice says new
 * subscriptions cannot deploy them.
 *
 * @param title          the series' name as Azure writes it, e.g. {@code Basv2}
 * @param kind           what the series is for
 * @param diskController how its VMs attach their disks
 * @param page           the series' page, below {@link #DOCS}
 * @param commit         the commit of MicrosoftDocs/azure-compute-docs the page was read at
 * @param sizesText      the sizes as the page lists them, without {@code Standard_}: {@code B2ats_v2 2/1, ...} (vCPUs/GiB)
 */
public record VmSeries(String title, Kind kind, DiskController diskController, String page, String commit,
                       String sizesText) {
    /** AMD burstable; the first choice for mostly idle workers. */
    public static final VmSeries BASV2 = new VmSeries("Basv2", Kind.BURSTABLE, DiskController.SCSI,
            "general-purpose/basv2-series.md", "2e4af98705e2ace519e313d40c5de3c3c7cc45a7", "B2ats_v2 2/1, "
            + "B2als_v2 2/4, B2as_v2 2/8, B4als_v2 4/8, B4as_v2 4/16, B8als_v2 8/16, B8as_v2 8/32, B16als_v2 16/32, "
            + "B16as_v2 16/64, B32als_v2 32/64, B32as_v2 32/128");
    /** Intel burstable, the same shapes as Basv2. */
    public static final VmSeries BSV2 = new VmSeries("Bsv2", Kind.BURSTABLE, DiskController.SCSI,
            "general-purpose/bsv2-series.md", "2072bfd7009384b9fde1357342d91953104e293d", "B2ts_v2 2/1, B2ls_v2 2/4, "
            + "B2s_v2 2/8, B4ls_v2 4/8, B4s_v2 4/16, B8ls_v2 8/16, B8s_v2 8/32, B16ls_v2 16/32, B16s_v2 16/64, "
            + "B32ls_v2 32/64, B32s_v2 32/128");
    /** AMD general purpose, 4 GiB per vCPU. */
    public static final VmSeries DASV5 = new VmSeries("Dasv5", Kind.GENERAL_PURPOSE, DiskController.SCSI,
            "general-purpose/dasv5-series.md", "2072bfd7009384b9fde1357342d91953104e293d", "D2as_v5 2/8, "
            + "D4as_v5 4/16, D8as_v5 8/32, D16as_v5 16/64, D32as_v5 32/128, D48as_v5 48/192, D64as_v5 64/256, "
            + "D96as_v5 96/384");
    /** AMD memory optimised, 8 GiB per vCPU (the isolated E112ias_v5 left out). */
    public static final VmSeries EASV5 = new VmSeries("Easv5", Kind.MEMORY_OPTIMISED, DiskController.SCSI,
            "memory-optimized/easv5-series.md", "2e4af98705e2ace519e313d40c5de3c3c7cc45a7", "E2as_v5 2/16, "
            + "E4as_v5 4/32, E8as_v5 8/64, E16as_v5 16/128, E20as_v5 20/160, E32as_v5 32/256, E48as_v5 48/384, "
            + "E64as_v5 64/512, E96as_v5 96/672");
    /** AMD general purpose, NVMe only: by name ({@code VmSize}) only, never chosen. */
    public static final VmSeries DASV6 = new VmSeries("Dasv6", Kind.GENERAL_PURPOSE, DiskController.NVME,
            "general-purpose/dasv6-series.md", "0105af06d58a00ab3fe677e69e913956bf81e7e5", "D2as_v6 2/8, "
            + "D4as_v6 4/16, D8as_v6 8/32, D16as_v6 16/64, D32as_v6 32/128, D48as_v6 48/192, D64as_v6 64/256, "
            + "D96as_v6 96/384");
    /** AMD general purpose with less memory, NVMe only: by name ({@code VmSize}) only, never chosen. */
    public static final VmSeries DALSV6 = new VmSeries("Dalsv6", Kind.GENERAL_PURPOSE, DiskController.NVME,
            "general-purpose/dalsv6-series.md", "05e75b148472c25ac534a9957b0af264acab5f6b", "D2als_v6 2/4, "
            + "D4als_v6 4/8, D8als_v6 8/16, D16als_v6 16/32, D32als_v6 32/64, D48als_v6 48/96, D64als_v6 64/128, "
            + "D96als_v6 96/192");

    /** Every series, in the order the table lists them: AMD before Intel, which breaks ties in the choice. */
    public static final List<VmSeries> ALL = List.of(BASV2, BSV2, DASV5, EASV5, DASV6, DALSV6);

    /** The repository and folder the pages of {@link #page()} are in. */
    public static final String DOCS = "MicrosoftDocs/azure-compute-docs articles/virtual-machines/sizes/";

    /** What a series is for; in this order the kinds rank in the choice, cheapest first. */
    public enum Kind {
        /** B-series: a CPU credit model, "low cost" in Azure's words. */
        BURSTABLE,
        /** D-series. */
        GENERAL_PURPOSE,
        /** E-series: more memory per vCPU. */
        MEMORY_OPTIMISED
    }

    /**
     * How the OS disk is attached. A VM on a SCSI size cannot be resized to an NVMe one (Azure's
     * resize limitations), and NVMe needs a Gen2 image that supports it.
     */
    public enum DiskController {
        /** SCSI: every size of the v5 and B v2 series here; Gen1 and Gen2 images. */
        SCSI,
        /** NVMe only: the v6 series here; Gen2 images with NVMe support (Ubuntu 24.04 is one). */
        NVME
    }

    /** The sizes of this series, in the page's order. */
    public List<VmSizes.VmSize> sizes() {
        return Arrays.stream(sizesText.split(", ")).map(size -> {
            String[] nameAndShape = size.split(" ");
            String[] shape = nameAndShape[1].split("/");
            return new VmSizes.VmSize("Standard_" + nameAndShape[0], this, Integer.parseInt(shape[0]),
                    Double.parseDouble(shape[1]));
        }).toList();
    }
}

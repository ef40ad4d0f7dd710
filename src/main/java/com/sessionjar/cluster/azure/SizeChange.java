package com.sessionjar.cluster.azure;

import com.sessionjar.BadInputException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How running nodes move from one VM size to another, read from the sizes' names (Azure's naming
 * convention: family letters, vCPUs, feature letters, version, as in {@code Standard_D4as_v5}).
 *
 * <ul>
 *   <li>{@link #NONE}: the same size.</li>
 *   <li>{@link #IN_PLACE}: the same family, only the vCPU count differs ({@code D2s_v5 -> D4s_v5}): the
 *       manual upgrade resizes each node, restarting it.</li>
 *   <li>{@link #DEALLOCATE}: any other change. The scale set's {@code sku} description says a size "not
 *       supported on the hardware the scale set is currently on" needs the nodes deallocated first,
 *       and which sizes a hardware cluster takes cannot be known beforehand, so every change of family
 *       deallocates, resizes and starts the nodes.</li>
 * </ul>
 *
 * <p>Two changes Azure cannot make at all (resize-vm.md, "Limitations") are refused before anything
 * changes, saying to create a new session: between a SCSI size and an NVMe-only one, and between a size
 * with a local temp disk and one without. A size in {@link VmSizes#table()} attaches its disks as its
 * series' {@link VmSeries#diskController()} says; any other is judged by its name (NVMe only from the v6
 * families on). Where a name does not tell (an unusual name, the v4 families), nothing is refused here
 * and Azure has the last word.
 */
enum SizeChange {
    NONE, IN_PLACE, DEALLOCATE;

    /** {@code Standard_} family letters, vCPUs (and constrained vCPUs), feature letters, {@code _v} version. */
    private static final Pattern NAME = Pattern.compile(
            "(?i)standard_([a-z]+)(\\d+)(?:-\\d+)?([a-z]*)(?:_v(\\d+))?(?:_promo)?");
    /** The first version whose sizes attach their disks over NVMe only (Dasv6, Dsv6, Fasv6, Ev6, ...). */
    private static final int FIRST_NVME_VERSION = 6;

    /**
     * How nodes of size {@code from} become nodes of size {@code to}.
     *
     * @throws BadInputException when Azure cannot resize between the two: the message names both sizes and says
     *                           to create a new session
     */
    static SizeChange of(String from, String to) {
        return of(from, to, VmSizes::find);
    }

    /** As {@link #of(String, String)}, with {@code table} for the sizes whose disk controller is known. */
    static SizeChange of(String from, String to, Function<String, Optional<VmSizes.VmSize>> table) {
        if (from == null || from.equalsIgnoreCase(to)) {
            return NONE;
        }
        Size old = Size.parse(from);
        Size wanted = Size.parse(to);
        if (old == null || wanted == null) {
            return DEALLOCATE;
        }
        boolean oldNvme = nvmeOnly(from, old, table);
        boolean wantedNvme = nvmeOnly(to, wanted, table);
        if (oldNvme != wantedNvme) {
            throw cannotResize(from, disks(oldNvme), to, disks(wantedNvme));
        }
        Boolean oldTemp = old.tempDisk();
        Boolean wantedTemp = wanted.tempDisk();
        if (oldTemp != null && wantedTemp != null && !oldTemp.equals(wantedTemp)) {
            throw cannotResize(from, tempDisk(oldTemp), to, tempDisk(wantedTemp));
        }
        return old.family().equals(wanted.family()) ? IN_PLACE : DEALLOCATE;
    }

    /**
     * Whether {@code size} attaches its disks over NVMe only: as the table says for a size in it, else by its
     * name (the v6 and later families).
     */
    static boolean nvmeOnly(String size) {
        Size parsed = Size.parse(size);
        return parsed != null && nvmeOnly(size, parsed, VmSizes::find);
    }

    private static boolean nvmeOnly(String name, Size parsed, Function<String, Optional<VmSizes.VmSize>> table) {
        return table.apply(name.trim()).map(known -> known.diskController() == VmSeries.DiskController.NVME)
                .orElseGet(parsed::nvmeOnly);
    }

    private static String disks(boolean nvmeOnly) {
        return nvmeOnly ? "NVMe disks only" : "SCSI disks";
    }

    private static String tempDisk(boolean has) {
        return has ? "with a local temp disk" : "without a local temp disk";
    }

    private static BadInputException cannotResize(String from, String fromDisks, String to, String toDisks) {
        return new BadInputException("the nodes' VM size cannot change from " + from + " (" + fromDisks + ") to " + to
                + " (" + toDisks + "): Azure cannot resize between the two; create a new session with this config "
                + "(and --delete this one), or set NodeOptions.VmSize to " + from + " to keep the nodes' size");
    }

    /** A size name taken apart; {@code version} is 1 for the names without one ({@code Standard_B1s}). */
    private record Size(String letters, String features, int version) {
        static Size parse(String name) {
            Matcher matcher = name == null ? null : NAME.matcher(name.trim());
            if (matcher == null || !matcher.matches()) {
                return null;
            }
            return new Size(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(3).toLowerCase(Locale.ROOT),
                    matcher.group(4) == null ? 1 : Integer.parseInt(matcher.group(4)));
        }

        /** The name without its vCPU count: sizes of one family differ in that alone. */
        String family() {
            return letters + "_" + features + "_v" + version;
        }

        /** By the name alone, for a size not in the table. */
        boolean nvmeOnly() {
            return version >= FIRST_NVME_VERSION;
        }

        /**
         * Whether the size has a local temp disk, or null where the name does not tell: from v5 on the
         * {@code d} feature letter says so; the B v2 families (Bsv2, Basv2, Bpsv2) have none; the older
         * families (v1 to v3: B, D, DS, E, F, Fsv2, ...) all have one; v4 mixes both and is not judged.
         */
        Boolean tempDisk() {
            if (version >= 5) {
                return features.contains("d");
            }
            if (letters.equals("b") && version == 2) {
                return false;
            }
            return version <= 3 ? Boolean.TRUE : null;
        }
    }
}

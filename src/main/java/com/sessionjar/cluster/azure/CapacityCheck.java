package com.sessionjar.cluster.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictions;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictionsType;
import com.sessionjar.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether Azure lets this subscription run a session's nodes in a region, asked before anything is
 * made: the Resource SKUs API offers the size there with no restriction, and the compute usages API
 * shows room for its vCPUs in the regional quota and in the quota of the size's family. A refusal is
 * one line naming the size, the region, the quota and a size of {@link VmSizes#table()} that would do.
 */
final class CapacityCheck {
    /** The usage that counts every vCPU of the subscription in a region ("Total Regional vCPUs"). */
    static final String REGIONAL = "cores";
    private static final String VIRTUAL_MACHINES = "virtualMachines";

    /** How many nodes of which size. */
    record Nodes(String size, int count) {
    }

    /** The least vCPUs and memory a size must have to replace the one asked for. */
    record Shape(int vcpus, double memoryGiB) {
    }

    /** A vCPU quota, as the usages API has it, and how many more vCPUs the nodes would add to it. */
    private record Room(String quota, long used, long limit, long more) {
        /** Nothing more always fits: a quota lowered below its use does not stop an update that adds nothing. */
        boolean fits() {
            return more == 0 || used + more <= limit;
        }

        @Override
        public String toString() {
            return quota + " " + used + "/" + limit + " used";
        }
    }

    private final String location;
    private final Map<String, ResourceSkuInner> skus;
    private final Map<String, UsageInner> usages;

    /** What Azure says of {@code location}: its VM SKUs for this subscription and its compute usages. */
    CapacityCheck(String location, List<ResourceSkuInner> skus, List<UsageInner> usages) {
        this.location = location;
        this.skus = skus.stream().filter(sku -> VIRTUAL_MACHINES.equalsIgnoreCase(sku.resourceType()))
                .collect(Collectors.toMap(sku -> key(sku.name()), sku -> sku, (first, again) -> first, LinkedHashMap::new));
        this.usages = usages.stream().filter(usage -> usage.name() != null && usage.name().value() != null)
                .collect(Collectors.toMap(usage -> key(usage.name().value()), usage -> usage, (first, again) -> first,
                        LinkedHashMap::new));
    }

    /** Asks Azure, through {@code compute}, for the SKUs and usages of {@code location} (lower case). */
    static CapacityCheck read(ComputeManagementClient compute, String location) {
        String filter = "location eq '" + location + "'";
        List<ResourceSkuInner> skus = AzureErrors.call("listing the VM sizes offered in " + location,
                () -> compute.getResourceSkus().list(filter, null, Context.NONE).stream().toList());
        List<UsageInner> usages = AzureErrors.call("reading the vCPU quotas of " + location,
                () -> compute.getUsages().list(location).stream().toList());
        return new CapacityCheck(location, skus, usages);
    }

    /**
     * Checks that {@code wanted} can run here while the session has {@code current} (null: no nodes
     * yet), whose vCPUs count as the session's own; a replacement must have at least {@code least}.
     *
     * @throws BadInputException in one line: the size is not offered, restricted, or a quota is short
     */
    void check(Nodes wanted, Nodes current, Shape least) {
        String problem = problem(wanted, current);
        if (problem != null) {
            throw new BadInputException("VM size " + wanted.size() + " " + problem + ": "
                    + alternative(wanted, current, least));
        }
    }

    /** What keeps {@code wanted} from running here, or null. */
    private String problem(Nodes wanted, Nodes current) {
        ResourceSkuInner sku = skus.get(key(wanted.size()));
        if (sku == null) {
            return "is not offered in " + location + " to this subscription (Azure's Resource SKUs list lacks it)";
        }
        String restriction = restriction(sku);
        if (restriction != null) {
            return "is not available in " + location + " to this subscription (restriction " + restriction + ")";
        }
        long vcpus = (long) wanted.count() * vcpus(wanted.size());
        for (Room room : rooms(wanted, current)) {
            if (!room.fits()) {
                String more = room.more() == vcpus ? "" : " (" + room.more() + " more than the session has now)";
                return "in " + location + ": " + wanted.count() + " node(s) need " + vcpus + " vCPUs" + more
                        + ", but " + room.quota() + " has " + room.used() + "/" + room.limit() + " used";
            }
        }
        return null;
    }

    /**
     * The first restriction that keeps the size out of this region: a Location restriction (or one of
     * no type). A Zone restriction keeps it out of those zones only, and the session's scale set names
     * no zone, so it is not one.
     */
    private String restriction(ResourceSkuInner sku) {
        if (sku.restrictions() == null) {
            return null;
        }
        for (ResourceSkuRestrictions restriction : sku.restrictions()) {
            boolean here = restriction.values() == null || restriction.values().isEmpty()
                    || restriction.values().stream().anyMatch(location::equalsIgnoreCase);
            if (restriction.type() != ResourceSkuRestrictionsType.ZONE && here) {
                return Stream.of(restriction.type(), restriction.reasonCode()).filter(Objects::nonNull)
                        .map(Object::toString).collect(Collectors.joining(", "));
            }
        }
        return null;
    }

    /** The quotas {@code wanted} counts against, regional first, each with what it would add. */
    private List<Room> rooms(Nodes wanted, Nodes current) {
        long total = (long) wanted.count() * vcpus(wanted.size());
        long ours = current == null ? 0 : (long) current.count() * vcpus(current.size());
        String family = family(wanted.size());
        boolean sameFamily = family != null && current != null && family.equalsIgnoreCase(family(current.size()));
        List<Room> rooms = new ArrayList<>();
        usage(REGIONAL).ifPresent(usage -> rooms.add(room("regional vCPUs", usage, total - ours)));
        if (family != null) {
            usage(family).ifPresent(usage -> rooms.add(room(usage.name().value() + " vCPUs", usage,
                    sameFamily ? total - ours : total)));
        }
        return rooms;
    }

    private static Room room(String quota, UsageInner usage, long more) {
        return new Room(quota, usage.currentValue(), usage.limit(), Math.max(0, more));
    }

    /**
     * The cheapest size of the table, with {@code wanted}'s disk controller and at least {@code least}
     * and {@code wanted}'s own vCPUs and memory, that can run here; or what to do when none can.
     */
    private String alternative(Nodes wanted, Nodes current, Shape least) {
        VmSeries.DiskController controller = VmSizes.find(wanted.size()).map(VmSizes.VmSize::diskController)
                .orElse(VmSeries.DiskController.SCSI);
        int vcpus = Math.max(least.vcpus(), vcpus(wanted.size()));
        double memory = Math.max(least.memoryGiB(), memoryGiB(wanted.size()));
        return VmSizes.table().stream()
                .filter(size -> size.diskController() == controller && !size.name().equalsIgnoreCase(wanted.size()))
                .filter(size -> size.vcpus() >= vcpus && size.memoryGiB() >= memory)
                .sorted(VmSizes.CHEAPEST_FIRST)
                .map(size -> new Nodes(size.name(), wanted.count()))
                .filter(other -> problem(other, current) == null)
                .findFirst()
                .map(other -> other.size() + " is offered there with room (" + rooms(other, current).stream()
                        .map(Room::toString).collect(Collectors.joining(", ")) + "): set NodeOptions.VmSize to it")
                .orElse("no other size of session.jar's table with at least " + vcpus + " vCPUs and "
                        + gib(memory) + " GiB can run " + wanted.count() + " node(s) there: ask for more quota "
                        + "(Azure portal, Quotas), lower NodeCount or choose another Location");
    }

    private Optional<UsageInner> usage(String name) {
        return Optional.ofNullable(usages.get(key(name)));
    }

    /** The size's vCPUs: Azure's figure, else the table's, else 0 (unknown). */
    private int vcpus(String size) {
        return capability(size, "vCPUs").map(Double::intValue)
                .or(() -> VmSizes.find(size).map(VmSizes.VmSize::vcpus)).orElse(0);
    }

    /** The size's memory in GiB: Azure's figure, else the table's, else 0 (unknown). */
    private double memoryGiB(String size) {
        return capability(size, "MemoryGB")
                .or(() -> VmSizes.find(size).map(VmSizes.VmSize::memoryGiB)).orElse(0.0);
    }

    /** The size's quota family, e.g. {@code standardBasv2Family}; null when Azure does not list the size. */
    private String family(String size) {
        ResourceSkuInner sku = skus.get(key(size));
        return sku == null ? null : sku.family();
    }

    /** A number among the SKU's capabilities, whose values are strings ("2", "0.75"); empty when absent or not a number. */
    private Optional<Double> capability(String size, String name) {
        ResourceSkuInner sku = skus.get(key(size));
        if (sku == null || sku.capabilities() == null) {
            return Optional.empty();
        }
        return sku.capabilities().stream().filter(capability -> name.equalsIgnoreCase(capability.name()))
                .map(ResourceSkuCapabilities::value).flatMap(value -> number(value).stream()).findFirst();
    }

    private static Optional<Double> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String gib(double memory) {
        return memory == Math.rint(memory) ? Long.toString((long) memory) : Double.toString(memory);
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }
}

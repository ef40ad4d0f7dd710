package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.ArmExamples.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Azure says of VM sizes in a region, as {@link FakeAzure} serves it: the Resource SKUs list
 * (a copy of ListAvailableResourceSkusForARegion.json's first entry per size offered, with the size's
 * name, family, vCPUs, memory, the region of the request's {@code $filter} and any restriction a test
 * adds, after the example's own two entries) and the compute usages (a copy of
 * Usage_List_MaximumSet_Gen.json's one entry per quota, its nextLink dropped). By default every size
 * of {@link VmSizes#table()} is offered with no restriction and every quota has plenty of room; tests
 * change that between calls, and the routes answer with what is set at the time.
 */
final class ComputeCapacityFake {
    /** The quota family of each series, as the SKU list names it and as the usages do (another case, as Azure may). */
    static final Map<VmSeries, List<String>> FAMILIES = Map.of(
            VmSeries.BASV2, List.of("standardBasv2Family", "standardBASv2Family"),
            VmSeries.BSV2, List.of("standardBsv2Family", "standardBSv2Family"),
            VmSeries.DASV5, List.of("standardDASv5Family", "standardDASv5Family"),
            VmSeries.EASV5, List.of("standardEASv5Family", "standardEASv5Family"),
            VmSeries.DASV6, List.of("standardDASv6Family", "standardDASv6Family"),
            VmSeries.DALSV6, List.of("standardDALSv6Family", "standardDALSv6Family"));
    private static final String SKUS = "ListAvailableResourceSkusForARegion.json";
    private static final Pattern FILTER = Pattern.compile("location eq '([^']*)'");

    private record Offer(String size, String family, int vcpus, double memoryGiB, List<String[]> restrictions) {
    }

    private record Quota(int used, long limit) {
    }

    private final Map<String, Offer> offers = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Quota> quotas = new LinkedHashMap<>(); // guarded by this

    /** Serves the SKUs and usages of every region for the subscription at {@code subscriptionPath}. */
    ComputeCapacityFake(FakeAzure fake, String subscriptionPath) {
        for (VmSizes.VmSize size : VmSizes.table()) {
            offer(size.name(), FAMILIES.get(size.series()).get(0), size.vcpus(), size.memoryGiB());
        }
        quota(CapacityCheck.REGIONAL, 4, 100);
        FAMILIES.values().forEach(names -> quota(names.get(1), 0, 100));
        fake.on("GET", subscriptionPath + "/providers/Microsoft.Compute/skus", request -> Responders.jsonReply(200,
                skusBody(request.query("$filter"))));
        fake.on("GET", "(?i)" + subscriptionPath + "/providers/Microsoft.Compute/locations/[a-z0-9]+/usages",
                request -> Responders.jsonReply(200, usagesBody()));
    }

    /** Offers {@code size} of {@code family} with {@code vcpus} and {@code memoryGiB}, with no restriction. */
    synchronized ComputeCapacityFake offer(String size, String family, int vcpus, double memoryGiB) {
        offers.put(size.toLowerCase(Locale.ROOT), new Offer(size, family, vcpus, memoryGiB, new ArrayList<>()));
        return this;
    }

    /** Takes {@code size} out of the list, as for a size the region does not have. */
    synchronized ComputeCapacityFake withdraw(String size) {
        offers.remove(size.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Restricts {@code size}: {@code type} Location or Zone, {@code reasonCode} NotAvailableForSubscription or QuotaId. */
    synchronized ComputeCapacityFake restrict(String size, String type, String reasonCode) {
        offers.get(size.toLowerCase(Locale.ROOT)).restrictions().add(new String[] {type, reasonCode});
        return this;
    }

    /** Sets the usage {@code name} ({@code cores} or a family) to {@code used} of {@code limit} vCPUs. */
    synchronized ComputeCapacityFake quota(String name, int used, long limit) {
        quotas.put(name, new Quota(used, limit));
        return this;
    }

    private synchronized String skusBody(String filter) {
        Matcher location = FILTER.matcher(filter == null ? "" : filter);
        String region = location.matches() ? location.group(1) : "(no location filter)";
        ObjectNode body = node(SKUS, 200);
        ArrayNode value = body.withArray("value");
        JsonNode template = value.get(0);
        // First a disk SKU named as a size and restricted: only virtualMachines entries may count.
        ObjectNode disk = template.deepCopy();
        disk.put("resourceType", "disks").put("name", VmSizes.table().get(0).name());
        value.add(restricted(disk, region, "Location", "NotAvailableForSubscription"));
        for (Offer offer : offers.values()) {
            ObjectNode sku = template.deepCopy();
            sku.put("name", offer.size()).put("size", offer.size().substring("Standard_".length()))
                    .put("family", offer.family());
            sku.putArray("locations").add(region);
            ((ObjectNode) sku.withArray("locationInfo").get(0)).put("location", region);
            sku.withArray("capabilities").forEach(capability -> setCapability((ObjectNode) capability, offer));
            offer.restrictions().forEach(r -> restricted(sku, region, r[0], r[1]));
            value.add(sku);
        }
        return body.toString();
    }

    private static void setCapability(ObjectNode capability, Offer offer) {
        switch (capability.get("name").asText()) {
            case "vCPUs", "vCPUsAvailable" -> capability.put("value", Integer.toString(offer.vcpus()));
            case "MemoryGB" -> capability.put("value", offer.memoryGiB() == Math.rint(offer.memoryGiB())
                    ? Long.toString((long) offer.memoryGiB()) : Double.toString(offer.memoryGiB()));
            case "HyperVGenerations" -> capability.put("value", "V1,V2");
            default -> { }
        }
    }

    /** {@code sku} with a restriction of the schema's shape (skus.json, 2021-07-01). */
    private static ObjectNode restricted(ObjectNode sku, String region, String type, String reasonCode) {
        ObjectNode restriction = sku.withArray("restrictions").addObject().put("type", type);
        restriction.putArray("values").add(region);
        ObjectNode info = restriction.putObject("restrictionInfo");
        info.putArray("locations").add(region);
        if (type.equals("Zone")) {
            info.putArray("zones").add("1").add("2").add("3");
        }
        restriction.put("reasonCode", reasonCode);
        return sku;
    }

    private synchronized String usagesBody() {
        ObjectNode body = node("Usage_List_MaximumSet_Gen.json", 200);
        body.remove("nextLink");
        ArrayNode value = body.withArray("value");
        ObjectNode template = (ObjectNode) value.get(0);
        value.removeAll();
        quotas.forEach((name, quota) -> {
            ObjectNode usage = template.deepCopy();
            usage.put("currentValue", quota.used()).put("limit", quota.limit());
            usage.with("name").put("value", name).put("localizedValue",
                    name.equals(CapacityCheck.REGIONAL) ? "Total Regional vCPUs" : name + " vCPUs");
            value.add(usage);
        });
        return body.toString();
    }
}

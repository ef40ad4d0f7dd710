package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.sessionjar.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link CapacityCheck} on SDK models read from JSON; the requests are CapacityPreflightContractTest's. */
class CapacityCheckTest {
    private static final CapacityCheck.Shape ANY = new CapacityCheck.Shape(1, 1);

    @Test
    void updateThatAddsNothing_passes_evenWithAQuotaLoweredBelowItsUse() {
        CapacityCheck check = new CapacityCheck("westeurope", List.of(sku("Standard_B2ats_v2", "", "2")),
                List.of(usage("cores", 12, 10), usage("standardBASv2Family", 12, 10)));
        CapacityCheck.Nodes nodes = new CapacityCheck.Nodes("Standard_B2ats_v2", 6);

        assertDoesNotThrow(() -> check.check(nodes, nodes, ANY));
        assertThrows(BadInputException.class, () -> check.check(new CapacityCheck.Nodes("Standard_B2ats_v2", 7), nodes, ANY));
    }

    @Test
    void locationRestriction_ofAnotherRegion_isNoRestrictionHere() {
        String elsewhere = ", \"restrictions\": [{\"type\": \"Location\", \"values\": [\"eastus\"],"
                + " \"reasonCode\": \"NotAvailableForSubscription\"}]";
        CapacityCheck check = new CapacityCheck("westeurope", List.of(sku("Standard_B2ats_v2", elsewhere, "2")),
                List.of(usage("cores", 0, 10)));

        assertDoesNotThrow(() -> check.check(new CapacityCheck.Nodes("Standard_B2ats_v2", 1), null, ANY));
    }

    @Test
    void sizeAzureListsWithoutANumberOfVcpus_takesTheTablesFigure() {
        CapacityCheck check = new CapacityCheck("westeurope", List.of(sku("Standard_B4als_v2", "", "four")),
                List.of(usage("cores", 0, 7)));

        BadInputException e = assertThrows(BadInputException.class,
                () -> check.check(new CapacityCheck.Nodes("Standard_B4als_v2", 2), null, ANY));

        assertEquals("VM size Standard_B4als_v2 in westeurope: 2 node(s) need 8 vCPUs, but regional vCPUs has 0/7 used: no"
                + " other size of session.jar's table with at least 4 vCPUs and 8 GiB can run 2 node(s) there: ask for more"
                + " quota (Azure portal, Quotas), lower NodeCount or choose another Location", e.getMessage());
    }

    private static ResourceSkuInner sku(String name, String more, String vcpus) {
        return read("{\"resourceType\": \"virtualMachines\", \"name\": \"" + name + "\", \"family\": \"standardBasv2Family\","
                + " \"capabilities\": [{\"name\": \"vCPUs\", \"value\": \"" + vcpus + "\"}]" + more + "}",
                ResourceSkuInner::fromJson);
    }

    private static UsageInner usage(String name, int used, long limit) {
        return read("{\"unit\": \"Count\", \"currentValue\": " + used + ", \"limit\": " + limit + ", \"name\": {\"value\": \""
                + name + "\"}}", UsageInner::fromJson);
    }

    private interface Reader<T> {
        T read(JsonReader reader) throws IOException;
    }

    private static <T> T read(String json, Reader<T> model) {
        try (JsonReader reader = JsonProviders.createReader(json)) {
            return model.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

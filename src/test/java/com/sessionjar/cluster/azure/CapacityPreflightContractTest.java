package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.AzureSessionFake.ID;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sessionjar.BadInputException;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.NodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-flight of the VM size, with the real SDK clients against {@link FakeAzure} serving copies of
 * the published Resource SKUs and usages examples ({@link ComputeCapacityFake}): which requests it
 * makes, that a size not offered, restricted, or without vCPU quota is refused in one line before
 * anything is made, and that a session's own vCPUs count as its own on update. The refusals are the
 * rows of docs/errors.md's pre-flight table, word for word.
 */
class CapacityPreflightContractTest {
    static final String RESTRICTED = "VM size Standard_B2ats_v2 is not available in westeurope to this subscription"
            + " (restriction Location, NotAvailableForSubscription): Standard_B2ts_v2 is offered there with room"
            + " (regional vCPUs 4/100 used, standardBSv2Family vCPUs 0/100 used): set NodeOptions.VmSize to it";
    static final String NOT_OFFERED = "VM size Standard_B2ats_v2 is not offered in westeurope to this subscription"
            + " (Azure's Resource SKUs list lacks it): Standard_B2ts_v2 is offered there with room (regional vCPUs"
            + " 4/100 used, standardBSv2Family vCPUs 0/100 used): set NodeOptions.VmSize to it";
    static final String FAMILY_QUOTA = "VM size Standard_B2ats_v2 in westeurope: 2 node(s) need 4 vCPUs, but"
            + " standardBASv2Family vCPUs has 9/10 used: Standard_B2ts_v2 is offered there with room (regional vCPUs"
            + " 4/100 used, standardBSv2Family vCPUs 0/100 used): set NodeOptions.VmSize to it";
    static final String REGIONAL_QUOTA = "VM size Standard_B2ats_v2 in westeurope: 2 node(s) need 4 vCPUs, but regional"
            + " vCPUs has 98/100 used: no other size of session.jar's table with at least 2 vCPUs and 1 GiB can run"
            + " 2 node(s) there: ask for more quota (Azure portal, Quotas), lower NodeCount or choose another Location";
    static final String UPDATE_QUOTA = "VM size Standard_B2ats_v2 in westeurope: 5 node(s) need 10 vCPUs (4 more than"
            + " the session has now), but regional vCPUs has 10/10 used: no other size of session.jar's table with at"
            + " least 2 vCPUs and 1 GiB can run 5 node(s) there: ask for more quota (Azure portal, Quotas), lower"
            + " NodeCount or choose another Location";

    private static final String SKUS_PATH = SUBSCRIPTION_PATH + "/providers/Microsoft.Compute/skus";
    private static final String USAGES_PATH = SUBSCRIPTION_PATH + "/providers/Microsoft.Compute/locations/westeurope/usages";

    @TempDir
    Path folder;

    private FakeAzure fake;
    private AzureSessionFake azure;
    private AzureClusterProvider provider;

    @BeforeEach
    void start() throws IOException {
        azure = AzureSessionFake.startPollingFast();
        fake = azure.fake;
        provider = azure.provider(fake.credential(), Files.writeString(folder.resolve("session.jar"), "a jar"));
    }

    @AfterEach
    void stop() {
        azure.close();
    }

    private static ClusterConfig config(int nodes, String vmSize) {
        return new ClusterConfig(SUBSCRIPTION, "westeurope", "echo", null, null, nodes,
                new NodeOptions(null, null, null, vmSize), null, null);
    }

    @Test
    void create_asksForTheSkusOfTheRegionAndItsUsages_beforeAnyPut_thenDeploysTheChosenSize() {
        provider.create(ID, config(2, null));

        Recorded skus = only("GET", SKUS_PATH);
        assertEquals("location eq 'westeurope'", skus.query("$filter"));
        assertEquals("2021-07-01", skus.query("api-version"));
        Recorded usages = only("GET", USAGES_PATH);
        assertEquals("2025-04-01", usages.query("api-version"));
        List<Recorded> all = fake.requests();
        int firstPut = all.indexOf(fake.requests("PUT", ".*").get(0));
        assertTrue(all.indexOf(skus) < firstPut && all.indexOf(usages) < firstPut, fake::describeRequests);
        assertEquals("Standard_B2ats_v2", fake.requests("PUT", SCALE_SET_PATH).get(0).json().at("/sku/name").asText());
        assertEquals(List.of(), fake.unexpected(), fake::describeRequests);
    }

    @Test
    void create_sizeRestrictedForTheSubscription_isRefusedInOneLine_beforeAnythingIsMade() {
        azure.capacity.restrict("Standard_B2ats_v2", "Location", "NotAvailableForSubscription");

        assertRefusedBeforeAnythingIsMade(RESTRICTED, () -> provider.create(ID, config(2, null)));
    }

    @Test
    void create_sizeTheRegionDoesNotList_isRefused_namingASizeItDoes() {
        VmSeries.BASV2.sizes().forEach(size -> azure.capacity.withdraw(size.name()));

        assertRefusedBeforeAnythingIsMade(NOT_OFFERED, () -> provider.create(ID, config(2, null)));
    }

    @Test
    void create_namedNvmeSizeNotListed_suggestsAnotherNvmeSize() {
        azure.capacity.withdraw("Standard_D2as_v6");

        BadInputException e = assertThrows(BadInputException.class, () -> provider.create(ID, config(1, "Standard_D2as_v6")));

        assertTrue(e.getMessage().contains(": Standard_D4als_v6 is offered there with room"), e.getMessage());
    }

    @Test
    void create_zoneRestriction_doesNotKeepARegionalScaleSetOut() {
        azure.capacity.restrict("Standard_B2ats_v2", "Zone", "NotAvailableForSubscription");

        provider.create(ID, config(1, null));

        assertEquals("Standard_B2ats_v2", fake.requests("PUT", SCALE_SET_PATH).get(0).json().at("/sku/name").asText());
    }

    @Test
    void create_familyQuotaTooSmall_isRefused_namingUsedAndLimit() {
        azure.capacity.quota("standardBASv2Family", 9, 10);

        assertRefusedBeforeAnythingIsMade(FAMILY_QUOTA, () -> provider.create(ID, config(2, null)));
    }

    @Test
    void create_regionalQuotaTooSmall_forEverySize_saysWhatElseToDo() {
        azure.capacity.quota(CapacityCheck.REGIONAL, 98, 100);

        assertRefusedBeforeAnythingIsMade(REGIONAL_QUOTA, () -> provider.create(ID, config(2, null)));
    }

    @Test
    void update_countsTheVcpusTheSessionHasAlready_asItsOwn() {
        provider.create(ID, config(2, null));
        // 4 of the 8 regional vCPUs used, and all 4 of the family's, are the session's own 2 nodes.
        azure.capacity.quota(CapacityCheck.REGIONAL, 8, 10).quota("standardBASv2Family", 4, 6);

        provider.update(ID, config(3, null));

        List<Recorded> scaleSetPuts = fake.requests("PUT", SCALE_SET_PATH);
        assertEquals(3, scaleSetPuts.get(scaleSetPuts.size() - 1).json().at("/sku/capacity").asInt());
        azure.capacity.quota(CapacityCheck.REGIONAL, 10, 10).quota("standardBASv2Family", 6, 20);
        int puts = fake.requests("PUT", ".*").size();
        BadInputException e = assertThrows(BadInputException.class, () -> provider.update(ID, config(5, null)));
        assertEquals(UPDATE_QUOTA, e.getMessage());
        assertEquals(puts, fake.requests("PUT", ".*").size(), "nothing changed");
    }

    @Test
    void errorsDoc_preflightTable_showsTheseMessagesWordForWord() throws IOException {
        String errors = Files.readString(Path.of("docs", "errors.md"));

        for (String message : List.of(RESTRICTED, NOT_OFFERED, FAMILY_QUOTA, REGIONAL_QUOTA, UPDATE_QUOTA)) {
            assertTrue(errors.contains("| `" + message + "` | 2 |"), "docs/errors.md lacks: " + message);
        }
    }

    private void assertRefusedBeforeAnythingIsMade(String message, Runnable create) {
        BadInputException e = assertThrows(BadInputException.class, create::run);

        assertEquals(message, e.getMessage());
        assertEquals(List.of(), fake.requests().stream().filter(r -> !r.method().equals("GET")).toList(),
                fake::describeRequests);
    }

    private Recorded only(String method, String path) {
        List<Recorded> found = fake.requests(method, path);
        assertEquals(1, found.size(), () -> method + " " + path + " in " + fake.describeRequests());
        return found.get(0);
    }
}

package com.sessionjar.cluster.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How to reach Azure: who we are (a credential), which cloud (its endpoints) and over what HTTP
 * client. Injected into {@link AzureClusterProvider} so tests can point the real SDK at a local
 * server that answers as Azure does.
 *
 * @param credential  supplies the credential when the first call needs it (building one is not free)
 * @param environment the cloud's endpoints: Azure's public cloud by default
 * @param tenantId    the Microsoft Entra tenant, or null for the credential's own
 * @param httpClient  the HTTP client of every SDK client, or null for the SDK's default
 * @param fileEndpoint a storage account name to its file service's URL (the cloud's, or a test server's)
 */
public record AzureAccess(Supplier<TokenCredential> credential, AzureEnvironment environment, String tenantId,
                          HttpClient httpClient, Function<String, String> fileEndpoint) {
    public AzureAccess {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(fileEndpoint, "fileEndpoint");
    }

    /**
     * Azure's public cloud with {@code DefaultAzureCredential}: environment variables, workload or
     * managed identity, then the Azure CLI ({@code az login}), Azure PowerShell and the Azure
     * Developer CLI, in that order; {@code AZURE_TENANT_ID} picks the tenant.
     */
    public static AzureAccess defaults() {
        AzureEnvironment cloud = AzureEnvironment.AZURE;
        return new AzureAccess(() -> new DefaultAzureCredentialBuilder().build(), cloud, System.getenv("AZURE_TENANT_ID"),
                null, account -> "https://" + account + ".file" + cloud.getStorageEndpointSuffix());
    }

    /** The host suffix of the cloud's file endpoints, e.g. {@code file.core.windows.net}. */
    String fileEndpointSuffix() {
        return "file." + environment.getStorageEndpointSuffix().replaceFirst("^\\.", "");
    }
}

package com.sessionjar.cluster.azure;

import com.azure.core.http.HttpPipeline;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.monitor.MonitorManager;
import com.azure.resourcemanager.monitor.fluent.MonitorClient;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.models.Subscriptions;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.StorageManagementClient;

/**
 * The Resource Manager service clients a session uses, for one subscription, all on one signed-in HTTP pipeline.
 * Only the modules named here are dependencies (not the umbrella {@code azure-resourcemanager}, which brings every
 * manager Azure has): each client is made when first asked for, as the SDK's managers make no request to exist.
 */
final class AzureManagers {
    private final HttpPipeline pipeline;
    private final AzureProfile profile;
    private ResourceManagementClient resources;
    private StorageManagementClient storage;
    private ComputeManagementClient compute;
    private NetworkManagementClient network;
    private MonitorClient monitor;
    private AuthorizationManagementClient authorization;

    private AzureManagers(HttpPipeline pipeline, AzureProfile profile) {
        this.pipeline = pipeline;
        this.profile = profile;
    }

    /** Signed in, before a subscription is chosen: what the credential can see. */
    static final class SignedIn {
        private final HttpPipeline pipeline;
        private final AzureProfile profile;

        /** {@code pipeline} carries the credential; {@code profile} the tenant and the cloud. */
        SignedIn(HttpPipeline pipeline, AzureProfile profile) {
            this.pipeline = pipeline;
            this.profile = profile;
        }

        /** The subscriptions the credential can use. */
        Subscriptions subscriptions() {
            return ResourceManager.authenticate(pipeline, profile).subscriptions();
        }

        /** The service clients for {@code subscription}. */
        AzureManagers withSubscription(String subscription) {
            return new AzureManagers(pipeline,
                    new AzureProfile(profile.getTenantId(), subscription, profile.getEnvironment()));
        }
    }

    /** Resource groups and deployments. */
    synchronized ResourceManagementClient resources() {
        if (resources == null) {
            resources = ResourceManager.authenticate(pipeline, profile)
                    .withSubscription(profile.getSubscriptionId()).serviceClient();
        }
        return resources;
    }

    /** Storage accounts and their keys. */
    synchronized StorageManagementClient storage() {
        if (storage == null) {
            storage = StorageManager.authenticate(pipeline, profile).serviceClient();
        }
        return storage;
    }

    /** Scale sets, their VMs, sizes and quotas. */
    synchronized ComputeManagementClient compute() {
        if (compute == null) {
            compute = ComputeManager.authenticate(pipeline, profile).serviceClient();
        }
        return compute;
    }

    /** Virtual networks. */
    synchronized NetworkManagementClient network() {
        if (network == null) {
            network = NetworkManager.authenticate(pipeline, profile).serviceClient();
        }
        return network;
    }

    /** Autoscale settings. */
    synchronized MonitorClient monitor() {
        if (monitor == null) {
            monitor = MonitorManager.authenticate(pipeline, profile).serviceClient();
        }
        return monitor;
    }

    /** Role assignments. */
    synchronized AuthorizationManagementClient authorization() {
        if (authorization == null) {
            authorization = AuthorizationManager.authenticate(pipeline, profile).roleServiceClient();
        }
        return authorization;
    }
}

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Resource Manager service clients a session uses, for one subscription, all on one signed-in HTTP pipeline.
 * Only the modules named here are dependencies (not the umbrella {@code azure-resourcemanager}, which brings every
 * manager Azure has): each client is made when first asked for, as the SDK's managers make no request to exist.
 */
final class AzureManagers {
    private final HttpPipeline pipeline;
    private final AzureProfile profile;
    private final Map<Class<?>, Object> clients = new ConcurrentHashMap<>();

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
    ResourceManagementClient resources() {
        return client(ResourceManagementClient.class,
                () -> ResourceManager.authenticate(pipeline, profile).withSubscription(profile.getSubscriptionId())
                        .serviceClient());
    }

    /** Storage accounts and their keys. */
    StorageManagementClient storage() {
        return client(StorageManagementClient.class,
                () -> StorageManager.authenticate(pipeline, profile).serviceClient());
    }

    /** Scale sets, their VMs, sizes and quotas. */
    ComputeManagementClient compute() {
        return client(ComputeManagementClient.class,
                () -> ComputeManager.authenticate(pipeline, profile).serviceClient());
    }

    /** Virtual networks. */
    NetworkManagementClient network() {
        return client(NetworkManagementClient.class,
                () -> NetworkManager.authenticate(pipeline, profile).serviceClient());
    }

    /** Autoscale settings. */
    MonitorClient monitor() {
        return client(MonitorClient.class, () -> MonitorManager.authenticate(pipeline, profile).serviceClient());
    }

    /** Role assignments. */
    AuthorizationManagementClient authorization() {
        return client(AuthorizationManagementClient.class,
                () -> AuthorizationManager.authenticate(pipeline, profile).roleServiceClient());
    }

    /** The client of {@code type}, made by {@code make} the first time it is asked for. */
    private <T> T client(Class<T> type, Supplier<T> make) {
        return type.cast(clients.computeIfAbsent(type, unused -> make.get()));
    }
}

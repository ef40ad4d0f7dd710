package com.sessionjar.cluster.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetExtensionInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.models.ApiEntityReference;
import com.azure.resourcemanager.compute.models.CachingTypes;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.OrchestrationMode;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.UpgradeMode;
import com.azure.resourcemanager.compute.models.UpgradePolicy;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetExtensionProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetIpConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetManagedDiskParameters;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetNetworkConfiguration;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetNetworkProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetOSDisk;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetOSProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMProfile;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.Kind;
import com.azure.resourcemanager.storage.models.MinimumTlsVersion;
import com.azure.resourcemanager.storage.models.Sku;
import com.azure.resourcemanager.storage.models.SkuName;
import com.azure.resourcemanager.storage.models.StorageAccountCreateParameters;
import com.sessionjar.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The request bodies of an Azure session's resources: what {@link AzureClusterProvider} PUTs and
 * what {@code --dry-run} prints. Pure: builds models, calls nothing.
 */
final class Deployment {
    /** Ubuntu 24.04 LTS, the current LTS, when {@code NodeOptions.Image} names no other. */
    static final String DEFAULT_IMAGE = "Canonical:ubuntu-24_04-lts:server:latest";
    /** The scale set's administrator; nobody logs in as it (no public IP, a throwaway key). */
    static final String ADMIN_USER = "sessionjar-admin";
    static final String EXTENSION_PUBLISHER = "Microsoft.Azure.Extensions";
    static final String EXTENSION_TYPE = "CustomScript";
    static final String EXTENSION_VERSION = "2.1";
    static final String VNET_PREFIX = "10.17.0.0/16";
    static final String SUBNET_PREFIX = "10.17.0.0/20";

    private Deployment() {
    }

    /** The resource group, carrying the session's tags (all that --use, --update and --delete need). */
    static ResourceGroupInner resourceGroup(String location, Map<String, String> tags) {
        return new ResourceGroupInner().withLocation(location).withTags(tags);
    }

    /**
     * The storage account: general-purpose v2, locally redundant, HTTPS and TLS 1.2 only, no public
     * blobs, shared keys allowed. The keys are what nodes use (the queues' connection string, the
     * SMB mount of the runtime share), so asking for them outright makes a policy that denies shared
     * keys refuse this PUT, at the start, rather than leave a session that fails halfway.
     */
    static StorageAccountCreateParameters storageAccount(String location, Map<String, String> tags) {
        return new StorageAccountCreateParameters()
                .withSku(new Sku().withName(SkuName.STANDARD_LRS))
                .withKind(Kind.STORAGE_V2)
                .withLocation(location)
                .withTags(tags)
                .withEnableHttpsTrafficOnly(true)
                .withMinimumTlsVersion(MinimumTlsVersion.TLS1_2)
                .withAllowBlobPublicAccess(false)
                .withAllowSharedKeyAccess(true);
    }

    /**
     * The nodes' network: one subnet, no public addresses. Nodes reach apt and storage through Azure's
     * default outbound access, asked for explicitly (new subnets are private by default).
     */
    static VirtualNetworkInner network(String location, String subnet, Map<String, String> tags) {
        VirtualNetworkInner network = new VirtualNetworkInner()
                .withAddressSpace(new AddressSpace().withAddressPrefixes(List.of(VNET_PREFIX)))
                .withSubnets(List.of(new SubnetInner().withName(subnet).withAddressPrefix(SUBNET_PREFIX)
                        .withDefaultOutboundAccess(true)));
        network.withLocation(location).withTags(tags);
        return network;
    }

    /**
     * The connection string of the session's storage account, with the endpoints Azure reported for
     * it (so a sovereign cloud, or a test's server, works as well as the public cloud).
     */
    static String connectionString(StorageAccountInner account, String key) {
        return "DefaultEndpointsProtocol=https;AccountName=" + account.name() + ";AccountKey=" + key
                + ";QueueEndpoint=" + account.primaryEndpoints().queue() + ";FileEndpoint="
                + account.primaryEndpoints().file();
    }

    /** The scale set, as created: everything {@link #applyTo} sets plus the parts fixed at creation. */
    static VirtualMachineScaleSetInner scaleSet(String location, AzureNames names, String subnetId, String sshPublicKey,
                                                NodeSpec nodes) {
        VirtualMachineScaleSetInner scaleSet = new VirtualMachineScaleSetInner()
                .withOrchestrationMode(OrchestrationMode.UNIFORM)
                // Manual: a changed model reaches running nodes when we ask (updateInstances), not at
                // a moment Azure picks; and no node is created only to be thrown away.
                .withUpgradePolicy(new UpgradePolicy().withMode(UpgradeMode.MANUAL))
                .withOverprovision(false)
                .withVirtualMachineProfile(new VirtualMachineScaleSetVMProfile()
                        .withOsProfile(new VirtualMachineScaleSetOSProfile()
                                .withComputerNamePrefix(names.computerNamePrefix())
                                .withAdminUsername(ADMIN_USER)
                                .withLinuxConfiguration(new LinuxConfiguration()
                                        .withDisablePasswordAuthentication(true)
                                        .withSsh(new SshConfiguration().withPublicKeys(List.of(new SshPublicKey()
                                                .withPath("/home/" + ADMIN_USER + "/.ssh/authorized_keys")
                                                .withKeyData(sshPublicKey))))))
                        .withStorageProfile(new VirtualMachineScaleSetStorageProfile()
                                .withOsDisk(new VirtualMachineScaleSetOSDisk()
                                        .withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                                        .withCaching(CachingTypes.READ_WRITE)
                                        .withManagedDisk(new VirtualMachineScaleSetManagedDiskParameters()
                                                .withStorageAccountType(StorageAccountTypes.STANDARD_SSD_LRS))))
                        .withNetworkProfile(new VirtualMachineScaleSetNetworkProfile()
                                .withNetworkInterfaceConfigurations(List.of(new VirtualMachineScaleSetNetworkConfiguration()
                                        .withName("nic").withPrimary(true)
                                        .withIpConfigurations(List.of(new VirtualMachineScaleSetIpConfiguration()
                                                .withName("ip").withPrimary(true)
                                                .withSubnet(new ApiEntityReference().withId(subnetId))))))));
        scaleSet.withLocation(location);
        return applyTo(scaleSet, names, nodes);
    }

    /**
     * Sets what create and update both decide on {@code scaleSet} (new or as Azure returned it):
     * size, image, node count, tags and the bootstrap extension. Returns {@code scaleSet}.
     */
    static VirtualMachineScaleSetInner applyTo(VirtualMachineScaleSetInner scaleSet, AzureNames names, NodeSpec nodes) {
        String[] urn = imageUrn(nodes.image());
        // A new image reaches running nodes when they are upgraded: Azure then reimages them.
        scaleSet.virtualMachineProfile().storageProfile().withImageReference(new ImageReference().withPublisher(urn[0])
                .withOffer(urn[1]).withSku(urn[2]).withVersion(urn[3]));
        scaleSet.withSku(new com.azure.resourcemanager.compute.models.Sku().withName(nodes.vmSize()).withTier("Standard")
                .withCapacity((long) nodes.count()));
        scaleSet.withTags(nodes.tags());
        if (nodes.identity()) {
            scaleSet.withIdentity(systemAssigned(scaleSet.identity()));
        }
        // Ours replaced, any other (say one a policy of the subscription added) kept as it is.
        List<VirtualMachineScaleSetExtensionInner> extensions = new ArrayList<>();
        VirtualMachineScaleSetExtensionProfile profile = scaleSet.virtualMachineProfile().extensionProfile();
        if (profile != null && profile.extensions() != null) {
            profile.extensions().stream().filter(other -> !names.extension().equals(other.name()))
                    .forEach(extensions::add);
        }
        extensions.add(extension(names.extension(), nodes.script()));
        scaleSet.virtualMachineProfile().withExtensionProfile(new VirtualMachineScaleSetExtensionProfile()
                .withExtensions(extensions));
        return scaleSet;
    }

    /**
     * {@code current} with a system-assigned identity: kept as it is if it has one, any user-assigned identities
     * (a policy's, say) kept beside it. Kept once given, too (an update that drops AutoScale leaves it, with no role):
     * Azure makes a new principal each time one is added.
     */
    private static VirtualMachineScaleSetIdentity systemAssigned(VirtualMachineScaleSetIdentity current) {
        if (current == null || current.type() == null || current.type() == ResourceIdentityType.NONE) {
            return new VirtualMachineScaleSetIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED);
        }
        if (current.type() == ResourceIdentityType.USER_ASSIGNED) {
            return current.withType(ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED);
        }
        return current;
    }

    /**
     * The CustomScript extension that bootstraps every node. The script holds secrets, so it goes in
     * protectedSettings (encrypted, never returned by Azure); its hash in forceUpdateTag makes the
     * extension run again when, and only when, the script changes. The script holds the SHA-256 of
     * session.jar, so a new jar is a new script, and every node runs it on the next upgrade.
     */
    static VirtualMachineScaleSetExtensionInner extension(String name, String script) {
        return new VirtualMachineScaleSetExtensionInner()
                .withName(name)
                .withPublisher(EXTENSION_PUBLISHER)
                .withTypePropertiesType(EXTENSION_TYPE)
                .withTypeHandlerVersion(EXTENSION_VERSION)
                .withAutoUpgradeMinorVersion(true)
                .withForceUpdateTag(fingerprint(script))
                .withSettings(Map.of())
                .withProtectedSettings(Map.of("script", gzipBase64(script)));
    }

    /**
     * What the nodes should be: size, image ({@code NodeOptions.Image}, null for the default), count, tags, bootstrap
     * script, and whether the scale set has a system-assigned identity (an {@code AutoScale} session's nodes publish
     * the queue length with it).
     */
    record NodeSpec(String vmSize, String image, int count, Map<String, String> tags, String script, boolean identity) {
        /** Nodes with no identity of their own: a session without {@code AutoScale}. */
        NodeSpec(String vmSize, String image, int count, Map<String, String> tags, String script) {
            this(vmSize, image, count, tags, script, false);
        }
    }

    /** The first 16 hex digits of the SHA-256 of {@code text}: a change marker that reveals nothing. */
    static String fingerprint(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The CustomScript extension's {@code script} form: gzip, then Base64. */
    static String gzipBase64(String script) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The four parts of an image URN, {@code publisher:offer:sku:version}.
     *
     * @throws BadInputException naming the image and the form expected
     */
    static String[] imageUrn(String image) {
        String urn = image == null ? DEFAULT_IMAGE : image;
        String[] parts = urn.split(":", -1);
        if (parts.length != 4 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw new BadInputException("NodeOptions.Image ('" + image + "') must be an image URN "
                    + "publisher:offer:sku:version such as " + DEFAULT_IMAGE);
        }
        return parts;
    }
}

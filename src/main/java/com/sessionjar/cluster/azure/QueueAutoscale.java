package com.sessionjar.cluster.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.monitor.fluent.AutoscaleSettingsClient;
import com.azure.resourcemanager.monitor.fluent.models.AutoscaleProfileInner;
import com.azure.resourcemanager.monitor.fluent.models.AutoscaleSettingResourceInner;
import com.azure.resourcemanager.monitor.fluent.models.ScaleRuleInner;
import com.azure.resourcemanager.monitor.models.ComparisonOperationType;
import com.azure.resourcemanager.monitor.models.MetricStatisticType;
import com.azure.resourcemanager.monitor.models.MetricTrigger;
import com.azure.resourcemanager.monitor.models.ScaleAction;
import com.azure.resourcemanager.monitor.models.ScaleCapacity;
import com.azure.resourcemanager.monitor.models.ScaleDirection;
import com.azure.resourcemanager.monitor.models.ScaleType;
import com.azure.resourcemanager.monitor.models.TimeAggregationType;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.BadInputException;
import com.sessionjar.cluster.AutoScale;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.protocol.QueueLengthMetric;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A session's {@code AutoScale} on Azure: Azure Monitor autoscale, not a scaler of our own. An autoscale setting
 * on the session's scale set grows it from {@code NodeCount} to {@code MaxNodeCount} nodes on the request queue's
 * length per node, a custom metric the nodes publish ({@link QueueLengthMetric}) as the scale set's system-assigned
 * identity, to which the session gives the role Monitoring Metrics Publisher on that scale set and nothing else.
 */
final class QueueAutoscale {
    /** The built-in role Monitoring Metrics Publisher: may publish metrics on its scope, and nothing more. */
    static final String METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb";
    /** What making a role assignment takes of the caller. */
    static final String ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";
    /** The shortest time window Azure Monitor autoscale takes for a rule. */
    static final Duration SHORTEST_WINDOW = Duration.ofMinutes(5);
    /** How long the queue must stay above the threshold before a node is added, and the wait after one is. */
    static final Duration SCALE_OUT_WINDOW = SHORTEST_WINDOW;
    static final Duration SCALE_OUT_COOLDOWN = Duration.ofMinutes(1);

    private final AzureManagers azure;
    private final AzureNames names;
    private final Progress progress;

    QueueAutoscale(AzureManagers azure, AzureNames names, Progress progress) {
        this.azure = azure;
        this.names = names;
        this.progress = progress;
    }

    /**
     * Refuses, before any call, an {@code AutoScale} Azure Monitor would refuse: {@code ScaleInAfterSeconds} is the
     * scale-in rule's time window, whole minutes from 5 minutes to 12 hours.
     */
    static void check(ClusterConfig config) {
        AutoScale scale = config.autoScale();
        if (scale == null) {
            return;
        }
        int seconds = scale.scaleInAfterSeconds();
        if (seconds < SHORTEST_WINDOW.toSeconds() || seconds % 60 != 0) {
            throw new BadInputException("AutoScale.ScaleInAfterSeconds (" + seconds + ") must be whole minutes from "
                    + SHORTEST_WINDOW.toSeconds() + " to " + AutoScale.LONGEST_SCALE_IN_SECONDS + " on Azure: it is "
                    + "the time window of Azure Monitor autoscale's scale-in rule (5 minutes to 12 hours)");
        }
    }

    /**
     * The caller may make role assignments in the session's resource group (the permissions list can be read for a
     * resource group or a resource, not for a group yet to be made, so create asks once the group is there).
     *
     * @throws BadInputException naming the role that allows it and the scope
     */
    void checkMayAssignRoles() {
        List<PermissionInner> permissions = AzureErrors.call("listing your permissions on resource group "
                + names.resourceGroup(), () -> authorization().getPermissions().listByResourceGroup(
                        names.resourceGroup()).stream().toList());
        if (!allows(permissions, ROLE_ASSIGNMENT_WRITE)) {
            throw new BadInputException("AutoScale needs a role assignment (" + ROLE_ASSIGNMENT_WRITE + ") at scope "
                    + names.scaleSetId() + ", which you may not make: ask for Owner, User Access Administrator or "
                    + "Role Based Access Control Administrator on the resource group or subscription, or leave out AutoScale");
        }
    }

    /** Whether {@code permissions} allow {@code action}: some permission's actions match it and its notActions do not. */
    static boolean allows(List<PermissionInner> permissions, String action) {
        return permissions.stream().anyMatch(p -> matchesAny(p.actions(), action) && !matchesAny(p.notActions(), action));
    }

    /**
     * Gives the scale set's identity (its principal read from the scale set as Azure has it) the role Monitoring
     * Metrics Publisher on the scale set, then PUTs the autoscale setting of {@code config}.
     */
    void apply(ClusterConfig config) {
        VirtualMachineScaleSetInner scaleSet = AzureErrors.call("reading scale set " + names.scaleSet(), () -> azure
                .compute().getVirtualMachineScaleSets().getByResourceGroup(names.resourceGroup(), names.scaleSet()));
        String principal = scaleSet.identity() == null ? null : scaleSet.identity().principalId();
        if (principal == null) {
            throw new AzureRefusedException("scale set " + names.scaleSet() + " has no system-assigned identity after "
                    + "its PUT, so its nodes cannot publish the queue length: run --update again");
        }
        progress.step("letting the nodes' identity publish metrics on " + names.scaleSet() + " (role Monitoring "
                + "Metrics Publisher)", () -> AzureErrors.call("assigning role Monitoring Metrics Publisher on "
                        + names.scaleSet(), () -> assignRole(principal)));
        AutoScale scale = config.autoScale();
        progress.step("setting autoscale " + names.autoscaleSetting() + " (" + config.nodeCount() + " to "
                + scale.maxNodeCount() + " nodes, " + scale.requestsPerNode() + " waiting requests per node)",
                () -> AzureErrors.call("creating autoscale setting " + names.autoscaleSetting(),
                        () -> autoscale().createOrUpdate(names.resourceGroup(), names.autoscaleSetting(),
                                setting(config, names, Map.of()))));
    }

    /** Deletes the autoscale setting and the role assignment; neither being there is no error. */
    void remove() {
        progress.step("removing autoscale " + names.autoscaleSetting() + " and the nodes' role on " + names.scaleSet(),
                () -> {
                    try {
                        AzureErrors.call("deleting autoscale setting " + names.autoscaleSetting(), () -> {
                            autoscale().delete(names.resourceGroup(), names.autoscaleSetting());
                            return null;
                        });
                    } catch (ManagementException notFound) {
                        // gone already
                    }
                    removeRole();
                });
    }

    /** Deletes the role assignment (204 if it is not there); a role assignment is not said to go with its scope. */
    void removeRole() {
        try {
            AzureErrors.call("deleting the role assignment on " + names.scaleSet(), () ->
                    authorization().getRoleAssignments().delete(scope(), roleAssignmentName(names)));
        } catch (ManagementException notFound) {
            // the scale set or its group is gone: so is the scope
        }
    }

    /** The autoscale setting of {@code config} for the session {@code names} name: one profile, two rules. */
    static AutoscaleSettingResourceInner setting(ClusterConfig config, AzureNames names, Map<String, String> tags) {
        AutoScale scale = config.autoScale();
        Duration scaleIn = Duration.ofSeconds(scale.scaleInAfterSeconds());
        AutoscaleProfileInner profile = new AutoscaleProfileInner().withName("queue length")
                .withCapacity(new ScaleCapacity().withMinimum(Integer.toString(config.nodeCount()))
                        .withMaximum(Integer.toString(scale.maxNodeCount()))
                        .withDefaultProperty(Integer.toString(config.nodeCount())))
                .withRules(List.of(
                        rule(names, scale, ComparisonOperationType.GREATER_THAN, SCALE_OUT_WINDOW, ScaleDirection.INCREASE,
                                SCALE_OUT_COOLDOWN),
                        rule(names, scale, ComparisonOperationType.LESS_THAN, scaleIn, ScaleDirection.DECREASE, scaleIn)));
        AutoscaleSettingResourceInner setting = new AutoscaleSettingResourceInner()
                .withProfiles(List.of(profile))
                .withEnabled(true)
                .withTargetResourceUri(names.scaleSetId());
        setting.withLocation(config.location());
        setting.withTags(tags);
        return setting;
    }

    /**
     * A rule on the queue length per node: every node publishes the whole queue's length each minute, so the
     * minute's Average is the length, and {@code dividePerInstance} makes it per node.
     */
    private static ScaleRuleInner rule(AzureNames names, AutoScale scale, ComparisonOperationType operator,
                                       Duration window, ScaleDirection direction, Duration cooldown) {
        return new ScaleRuleInner()
                .withMetricTrigger(new MetricTrigger()
                        .withMetricName(QueueLengthMetric.NAME)
                        .withMetricNamespace(QueueLengthMetric.NAMESPACE)
                        .withMetricResourceUri(names.scaleSetId())
                        .withTimeGrain(Duration.ofMinutes(1))
                        .withStatistic(MetricStatisticType.AVERAGE)
                        .withTimeWindow(window)
                        .withTimeAggregation(TimeAggregationType.AVERAGE)
                        .withOperator(operator)
                        .withThreshold(scale.requestsPerNode())
                        .withDividePerInstance(true))
                .withScaleAction(new ScaleAction().withDirection(direction).withType(ScaleType.CHANGE_COUNT)
                        .withValue("1").withCooldown(cooldown));
    }

    /** The role assignment: Monitoring Metrics Publisher, at the scale set, to {@code principal} (a service principal). */
    static RoleAssignmentCreateParameters roleAssignment(AzureNames names, String principal) {
        return new RoleAssignmentCreateParameters()
                .withRoleDefinitionId("/subscriptions/" + names.id().scope()
                        + "/providers/Microsoft.Authorization/roleDefinitions/" + METRICS_PUBLISHER)
                .withPrincipalId(principal)
                // Set, as Azure advises for a principal just made: the assignment does not wait for it to replicate.
                .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
    }

    /** The role assignment's name: a GUID derived from the scale set, so a run again PUTs the same one. */
    static String roleAssignmentName(AzureNames names) {
        String seed = names.scaleSetId().toLowerCase(Locale.ROOT) + "|" + METRICS_PUBLISHER;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Object assignRole(String principal) {
        try {
            return authorization().getRoleAssignments().create(scope(), roleAssignmentName(names),
                    roleAssignment(names, principal));
        } catch (ManagementException e) {
            // The same assignment under another name (made by hand, say) already does the job.
            if (e.getValue() != null && "RoleAssignmentExists".equals(e.getValue().getCode())) {
                return null;
            }
            throw e;
        }
    }

    /** The scale set's id as the role assignment's {@code scope}: without its leading slash, as the SDK joins it. */
    private String scope() {
        return names.scaleSetId().substring(1);
    }

    private static boolean matchesAny(List<String> patterns, String action) {
        return patterns != null && patterns.stream().anyMatch(pattern -> Pattern.compile(
                Pattern.quote(pattern).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE).matcher(action).matches());
    }

    private AutoscaleSettingsClient autoscale() {
        return azure.monitor().getAutoscaleSettings();
    }

    private AuthorizationManagementClient authorization() {
        return azure.authorization();
    }
}

package com.sessionjar.cluster.azure;

import static com.sessionjar.cluster.azure.AzureSessionFake.GROUP_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.NAMES;
import static com.sessionjar.cluster.azure.AzureSessionFake.SCALE_SET_PATH;
import static com.sessionjar.cluster.azure.AzureSessionFake.SUBSCRIPTION_PATH;
import static com.sessionjar.cluster.azure.ArmExamples.example;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an AutoScale session adds to {@link AzureSessionFake}: the caller's permissions on the group, the role
 * assignment at the scale set and the autoscale setting, each answered with its published example.
 */
final class AutoscaleFake {
    static final String PERMISSIONS_PATH = GROUP_PATH + "/providers/Microsoft.Authorization/permissions";
    static final String ROLE_PATH = SCALE_SET_PATH + "/providers/Microsoft.Authorization/roleAssignments/"
            + QueueAutoscale.roleAssignmentName(NAMES);
    static final String SETTING_PATH = GROUP_PATH + "/providers/Microsoft.Insights/autoscalesettings/"
            + NAMES.autoscaleSetting();

    private final FakeAzure fake;

    /** Routes the calls on {@code fake}; the caller may assign roles (actions {@code *}, as an Owner has). */
    AutoscaleFake(FakeAzure fake) {
        this.fake = fake;
        permissions(List.of("*"), List.of());
        // RoleAssignments_CreateForResource.json's 201, named and scoped as ours.
        String scaleSetId = NAMES.scaleSetId();
        fake.on("PUT", ROLE_PATH, Responders.json(201, example("RoleAssignments_CreateForResource.json", 201,
                b -> {
                    b.put("id", scaleSetId + "/providers/Microsoft.Authorization/roleAssignments/"
                            + QueueAutoscale.roleAssignmentName(NAMES));
                    b.put("name", QueueAutoscale.roleAssignmentName(NAMES));
                    b.with("properties").put("principalType", "ServicePrincipal").put("scope", scaleSetId)
                            .put("principalId", AzureSessionFake.PRINCIPAL);
                })));
        // RoleAssignments_Delete.json: 200 with the assignment deleted.
        fake.on("DELETE", ROLE_PATH, Responders.json(200, example("RoleAssignments_Delete.json", 200)));
        // createOrUpdateAutoscaleSetting.json's 201 with our id and name.
        fake.on("PUT", SETTING_PATH, Responders.json(201, example("createOrUpdateAutoscaleSetting.json", 201,
                b -> {
                    b.put("id", SUBSCRIPTION_PATH + "/resourceGroups/" + NAMES.resourceGroup()
                            + "/providers/microsoft.insights/autoscalesettings/" + NAMES.autoscaleSetting());
                    b.put("name", NAMES.autoscaleSetting());
                })));
        // deleteAutoscaleSetting.json: 200, no body.
        fake.on("DELETE", SETTING_PATH, Responders.empty(200));
    }

    /**
     * GetPermissions.json's 200 with one permission of {@code actions} and {@code notActions}, and no nextLink
     * (the example's "nextlink" is a placeholder, not a page).
     */
    void permissions(List<String> actions, List<String> notActions) {
        fake.on("GET", PERMISSIONS_PATH, Responders.json(200, example("GetPermissions.json", 200, b -> {
            b.remove("nextLink");
            ObjectNode permission = (ObjectNode) b.withArray("value").get(0);
            actions.forEach(permission.withArray("actions")::add);
            notActions.forEach(permission.withArray("notActions")::add);
        })));
    }
}

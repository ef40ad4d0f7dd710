package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.compute.fluent.models.RunCommandResultInner;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandOutputTest {
    private static RunCommandResultInner result(InstanceViewStatus... statuses) {
        return new RunCommandResultInner().withValue(List.of(statuses));
    }

    private static InstanceViewStatus status(String code, String message) {
        return new InstanceViewStatus().withCode(code).withMessage(message);
    }

    @Test
    void aStatusPerStream_asThePublishedExample() {
        RunCommandOutput output = RunCommandOutput.of(result(status("ComponentStatus/StdOut/succeeded", "Hello World!"),
                status("ComponentStatus/StdErr/succeeded", "")));

        assertEquals(new RunCommandOutput("Hello World!", "", null), output);
        assertEquals(List.of("Hello World!"), output.stdoutLines());
    }

    @Test
    void oneStatusWithBothStreams_asALinuxNodeAnswersRunShellScript() {
        RunCommandOutput output = RunCommandOutput.of(result(status("ProvisioningState/succeeded",
                "Enable succeeded: \n[stdout]\nstate=active\nuptime=5\n\n[stderr]\nwarning: x\n")));

        assertEquals(new RunCommandOutput("state=active\nuptime=5\n", "warning: x\n", null), output);
        assertEquals(List.of("state=active", "uptime=5"), output.stdoutLines());
        assertEquals(List.of(), RunCommandOutput.of(result(status("ProvisioningState/succeeded",
                "Enable succeeded: \n[stdout]\n\n[stderr]\n"))).stdoutLines());
    }

    @Test
    void aFailedCommand_isItsCodeAndFirstLine_andNoOutputAtAllIsSaid() {
        assertEquals("failed: Enable failed: timed out", RunCommandOutput.of(result(status("ProvisioningState/failed",
                "Enable failed: timed out\n[stdout]\n\n[stderr]\n"))).failure());
        assertTrue(RunCommandOutput.of(result()).failure().startsWith("run-command returned no output"));
    }

    @Test
    void stdoutMayBeCut_whenItIsAbout4KiB() {
        assertTrue(new RunCommandOutput("x".repeat(RunCommandOutput.LIMIT), "", null).stdoutMayBeCut());
        assertFalse(new RunCommandOutput("x".repeat(1000), "", null).stdoutMayBeCut());
    }
}

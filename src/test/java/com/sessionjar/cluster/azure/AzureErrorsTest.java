package com.sessionjar.cluster.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.FixedHttpResponse;
import org.junit.jupiter.api.Test;

class AzureErrorsTest {
    @Test
    void noCredentials_namesEverySource_orWhatTheVariableAllows_andHowToLogIn() {
        String all = AzureErrors.noCredentials(null);
        assertTrue(all.startsWith("no Azure credentials worked (tried environment variables (AZURE_CLIENT_ID"), all);
        assertTrue(all.contains("managed identity, Azure CLI"), all);
        assertTrue(all.endsWith("run 'az login' (or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET for a "
                + "service principal) and try again"), all);
        assertEquals("no Azure credentials worked (tried what AZURE_TOKEN_CREDENTIALS=dev allows): run 'az login' (or set"
                + " AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET for a service principal) and try again",
                AzureErrors.noCredentials("dev"));
    }

    @Test
    void call_refusal_isOneLine_namingTheStepStatusAndCode() {
        ManagementException refused = new ManagementException("Status code 409, {...}\nmore", response(409),
                new ManagementError("Conflict", "Operation not allowed.\nDetails follow"));

        AzureRefusedException e = assertThrows(AzureRefusedException.class,
                () -> AzureErrors.call("creating scale set x", () -> {
                    throw refused;
                }));

        assertEquals("Azure refused creating scale set x: HTTP 409 Conflict: Operation not allowed.", e.getMessage());
    }

    @Test
    void call_notFound_isLeftToTheCaller() {
        ManagementException missing = new ManagementException("Status code 404", response(404),
                new ManagementError("ResourceGroupNotFound", "Resource group 'x' could not be found."));

        assertThrows(ManagementException.class, () -> AzureErrors.call("reading x", () -> {
            throw missing;
        }));
    }

    private static HttpResponse response(int status) {
        return new FixedHttpResponse(new HttpRequest(HttpMethod.GET, "https://management.azure.com/x"), status, null);
    }
}

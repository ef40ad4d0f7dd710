package com.sessionjar.cluster.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.sessionjar.AzureRefusedException;
import com.sessionjar.InfrastructureException;
import com.sessionjar.queue.Errors;
import java.util.Objects;
import java.util.function.Supplier;

/** Turns what the Azure SDK throws into one line that says what failed and what to do. */
final class AzureErrors {
    /** What {@code DefaultAzureCredential} tries, in order, for the message when none works. */
    static final String CREDENTIAL_SOURCES = "environment variables (AZURE_CLIENT_ID, AZURE_TENANT_ID, "
            + "AZURE_CLIENT_SECRET), workload identity, managed identity, Azure CLI, Azure PowerShell, Azure Developer CLI";

    private AzureErrors() {
    }

    /**
     * Runs {@code call}, described as {@code what} ("creating resource group x"), with Azure's
     * errors made one line: a credential that does not work is an {@link InfrastructureException}
     * saying how to log in; a refusal by Azure, an {@link AzureRefusedException}, names the step,
     * Azure's error code and message.
     * A 404 is left to the caller, who knows what is missing.
     */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ClientAuthenticationException e) {
            throw new InfrastructureException(noCredentials(System.getenv("AZURE_TOKEN_CREDENTIALS")), e);
        } catch (ManagementException e) {
            if (isNotFound(e)) {
                throw e;
            }
            throw new AzureRefusedException("Azure refused " + what + ": " + describe(e), e);
        }
    }

    /**
     * What to say when no credential works: what was tried ({@code narrowed}, the value of
     * {@code AZURE_TOKEN_CREDENTIALS}, limits it when set) and how to log in.
     */
    static String noCredentials(String narrowed) {
        String tried = narrowed == null || narrowed.isBlank() ? CREDENTIAL_SOURCES
                : "what AZURE_TOKEN_CREDENTIALS=" + narrowed + " allows";
        return "no Azure credentials worked (tried " + tried + "): run 'az login' (or set AZURE_CLIENT_ID, "
                + "AZURE_TENANT_ID and AZURE_CLIENT_SECRET for a service principal) and try again";
    }

    /** Whether Azure answered 404: no such resource. */
    static boolean isNotFound(ManagementException e) {
        return e.getResponse() != null && e.getResponse().getStatusCode() == 404;
    }

    /** Azure's error code and message, in one line: {@code HTTP 409 StorageAccountAlreadyTaken: ...}. */
    static String describe(ManagementException e) {
        ManagementError error = e.getValue();
        String status = e.getResponse() == null ? "" : "HTTP " + e.getResponse().getStatusCode() + " ";
        if (error == null) {
            return status + firstLine(e.getMessage());
        }
        return status + error.getCode() + ": " + firstLine(error.getMessage());
    }

    private static String firstLine(String text) {
        return Errors.firstLine(Objects.requireNonNullElse(text, "(no message)"));
    }
}

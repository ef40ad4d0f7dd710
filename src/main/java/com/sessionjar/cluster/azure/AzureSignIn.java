package com.sessionjar.cluster.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import com.sessionjar.BadInputException;
import com.sessionjar.InfrastructureException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import reactor.core.publisher.Mono;

/**
 * Signs in to Azure Resource Manager with the credential of an {@link AzureAccess}: a token is taken at
 * once, so credentials that do not work fail in one line before any request, instead of after the SDK's
 * retries of each.
 */
final class AzureSignIn {
    private final AzureAccess access;

    AzureSignIn(AzureAccess access) {
        this.access = access;
    }

    /**
     * The service clients, signed in, for {@code subscription} (null: the credential's default). The pipeline is
     * the one the SDK's managers build for themselves: the token, retries and no request logging.
     */
    AzureManagers.SignedIn authenticated(String subscription) {
        AzureProfile profile = new AzureProfile(access.tenantId(), subscription, access.environment());
        TokenCredential credential = signedIn();
        HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile, null,
                new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE), null, null, new ArrayList<>(),
                access.httpClient());
        return new AzureManagers.SignedIn(pipeline, profile);
    }

    /**
     * The credential, with a token for Resource Manager taken now. The token is handed to the SDK
     * while it is valid, so the credential (say the Azure CLI) is asked once.
     */
    private TokenCredential signedIn() {
        TokenCredential credential = credential();
        TokenRequestContext context = new TokenRequestContext()
                .addScopes(access.environment().getManagementEndpoint() + "/.default");
        AccessToken token = AzureErrors.call("signing in", () -> credential.getTokenSync(context));
        return request -> request.getScopes().equals(context.getScopes())
                && token.getExpiresAt().isAfter(OffsetDateTime.now().plusMinutes(5))
                ? Mono.just(token) : credential.getToken(request);
    }

    /**
     * The credential the environment configures. The SDK refuses a bad AZURE_TOKEN_CREDENTIALS with an
     * IllegalArgumentException and missing variables it requires with an IllegalStateException.
     */
    private TokenCredential credential() {
        try {
            return access.credential().get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new InfrastructureException(e.getMessage(), e);
        }
    }
}

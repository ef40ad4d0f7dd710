package com.sessionjar.worker;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.sessionjar.protocol.QueueLengthMetric;
import reactor.core.publisher.Mono;

/**
 * Run by {@link NodeIdentityIT} in a process of its own, whose environment points azure-identity at a stand-in for
 * the instance metadata service: takes the token a node takes for the metric, with the node's own credential, and
 * prints it. Its HTTP client refuses every host but 127.0.0.1, so nothing reaches a real metadata service.
 */
public final class IdentityProbe {
    private IdentityProbe() {
    }

    public static void main(String[] args) {
        HttpClient real = HttpClient.createDefault();
        HttpClient localOnly = request -> "127.0.0.1".equals(request.getUrl().getHost()) ? real.send(request)
                : Mono.error(new IllegalStateException("refused to reach " + request.getUrl().getHost()));
        String token = QueueLengthPublisher.managedIdentity(localOnly)
                .getTokenSync(new TokenRequestContext().addScopes(QueueLengthMetric.SCOPE)).getToken();
        System.out.println("token " + token);
    }
}

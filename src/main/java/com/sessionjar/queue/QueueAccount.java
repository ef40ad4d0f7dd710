package com.sessionjar.queue;

import com.sessionjar.protocol.TransactionCounts;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import reactor.netty.http.HttpResources;

/**
 * A storage account holding a session's queues, reached through a connection string.
 *
 * <p>The connection string carries the account key, so it is never part of {@link #toString()}.
 * One HTTP client (connection pool) is shared by every queue opened from the same account, and
 * every request made through them is counted ({@link #transactions()}).
 */
public final class QueueAccount {
    /** How long {@link #releaseTransport()} waits for the transport's event loops to stop. */
    private static final Duration RELEASE_WAIT = Duration.ofMillis(500);
    /** Whether this JVM made an account with the shared HTTP transport ({@link #releaseTransport}). */
    private static volatile boolean transportMade;
    private final String connectionString;
    private final RequestRetryOptions retryOptions;
    private final List<HttpPipelinePolicy> policies;
    private final HttpClient httpClient;
    private final StorageTransactions transactions = new StorageTransactions();

    private QueueAccount(String connectionString, RequestRetryOptions retryOptions, List<HttpPipelinePolicy> policies,
                         HttpClient httpClient) {
        this.connectionString = connectionString;
        this.retryOptions = retryOptions;
        this.policies = List.copyOf(policies);
        this.httpClient = httpClient;
    }

    /**
     * The retry policy of every session queue: exponential back-off from 200 ms, capped at 2 s so a
     * queue service that comes back is used again within 2 s, for 16 tries: about 25 s of retries,
     * enough to ride out a restart of the queue service. Each try may take 30 s.
     */
    public static final RequestRetryOptions RETRIES = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 16,
            Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(2), null);

    /** An account with the default retry policy, {@link #RETRIES}. */
    public static QueueAccount fromConnectionString(String connectionString) {
        return fromConnectionString(connectionString, RETRIES);
    }

    /** An account whose requests follow {@code retryOptions}. */
    public static QueueAccount fromConnectionString(String connectionString, RequestRetryOptions retryOptions) {
        return fromConnectionString(connectionString, retryOptions, List.of());
    }

    /**
     * An account whose requests follow {@code retryOptions} and pass through {@code policies}
     * (each try, after the retry policy), e.g. to count or inject faults into storage calls.
     */
    public static QueueAccount fromConnectionString(String connectionString, RequestRetryOptions retryOptions,
                                                    List<HttpPipelinePolicy> policies) {
        transportMade = true;
        return fromConnectionString(connectionString, retryOptions, policies, new NettyAsyncHttpClientBuilder().build());
    }

    /**
     * An account whose requests go through {@code httpClient} (its own, not ours to close) instead of
     * a new Netty client, e.g. an in-memory queue service in tests.
     */
    public static QueueAccount fromConnectionString(String connectionString, RequestRetryOptions retryOptions,
                                                    List<HttpPipelinePolicy> policies, HttpClient httpClient) {
        Objects.requireNonNull(connectionString, "connectionString");
        if (connectionString.isBlank()) {
            throw new IllegalArgumentException("The queue connection string is empty");
        }
        return new QueueAccount(connectionString, Objects.requireNonNull(retryOptions, "retryOptions"), policies,
                Objects.requireNonNull(httpClient, "httpClient"));
    }

    /** The connection string, for handing to a worker through its environment (never log it). */
    public String connectionString() {
        return connectionString;
    }

    /** Opens the queue {@code name} of this account (the queue itself may not exist yet). */
    public MessageQueue queue(String name) {
        QueueClientBuilder builder = new QueueClientBuilder()
                .connectionString(connectionString)
                .queueName(name)
                .httpClient(httpClient)
                .retryOptions(retryOptions)
                .addPolicy(transactions);
        policies.forEach(builder::addPolicy);
        return new MessageQueue(builder.buildClient(), this);
    }

    /** The account's service client, for account-wide calls such as listing queues. */
    public QueueServiceClient serviceClient() {
        return new QueueServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(httpClient)
                .retryOptions(retryOptions)
                .addPolicy(transactions)
                .buildClient();
    }

    /** The storage transactions made so far through this account's queues and service client. */
    public TransactionCounts transactions() {
        return transactions.counts();
    }

    /** The queue endpoint the account is reached at (e.g. {@code http://127.0.0.1:10001/devstoreaccount1}), safe to print. */
    public String endpoint() {
        return endpointOf(connectionString);
    }

    @Override
    public String toString() {
        return "QueueAccount[" + endpoint() + "]";
    }

    /** The queue endpoint named in a connection string, else its account name, or "?": the only parts safe to print. */
    static String endpointOf(String connectionString) {
        String account = "?";
        for (String part : connectionString.split(";")) {
            if (part.startsWith("QueueEndpoint=")) {
                return part.substring("QueueEndpoint=".length());
            }
            if (part.startsWith("AccountName=")) {
                account = "account " + part.substring("AccountName=".length());
            }
        }
        return account;
    }

    /**
     * Stops the HTTP transport's event loops, which every account's client shares, waiting at most
     * {@link #RELEASE_WAIT}: for a command about to exit. Left polling in native code, they would hold the
     * exit about 300 ms (JDK 17's VM exit waits that long for threads in native code). Any failure
     * is ignored: the JVM ends anyway.
     */
    public static void releaseTransport() {
        if (!transportMade) {
            return; // e.g. --version: nothing of the transport was even loaded
        }
        try {
            HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ZERO).block(RELEASE_WAIT);
        } catch (RuntimeException e) {
            // exiting: the loops end with the JVM
        }
    }
}

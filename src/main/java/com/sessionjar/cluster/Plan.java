package com.sessionjar.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What creating, updating or deleting a cluster would do, every secret redacted: what
 * {@code --dry-run} shows. A provider makes one and calls nothing; the CLI renders it as JSON, its
 * parts in the order given here. Parts a plan does not have are null.
 *
 * @param action            what would be done: {@code create}, {@code update}, {@code create or update}, {@code delete}
 * @param id                the cluster's id (a new one for a create)
 * @param provider          {@code local} or {@code azure}
 * @param facts             where the cluster is, what it would run or what a delete removes, in order: each
 *                          value a text, a number or a map of texts
 * @param workerEnvironment the workers' environment variables, secrets redacted
 * @param fileShares        the file shares the workers mount
 * @param steps             the calls the provider would make, in order
 * @param bootstrapScript   the script every node runs, secrets redacted
 */
public record Plan(String action, ClusterId id, String provider, Map<String, Object> facts,
                   Map<String, String> workerEnvironment, List<Share> fileShares, List<Step> steps,
                   String bootstrapScript) {
    public Plan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        facts = ordered(facts);
        workerEnvironment = workerEnvironment == null ? null : ordered(workerEnvironment);
        fileShares = fileShares == null ? null : List.copyOf(fileShares);
        steps = steps == null ? null : List.copyOf(steps);
    }

    /** A plan of nothing but facts: what a delete removes, say. */
    public static Plan of(String action, ClusterId id, String provider, Map<String, Object> facts) {
        return new Plan(action, id, provider, facts, null, null, null, null);
    }

    /**
     * A file share the workers would mount. The storage account's fields are null where the
     * provider does not use them (a local session mounts a folder).
     */
    public record Share(String name, String mountPath, String storageAccountName, String fileShareName,
                        String storageAccountKey) {
    }

    /** One call a provider would make. */
    public sealed interface Step permits Request, Operation {
    }

    /**
     * A request to Azure Resource Manager: its method, the resource's path, the body as JSON (null for none) and a
     * note saying when it is made or what its body stands for (null for none: made as shown).
     */
    public record Request(String method, String path, String body, String note) implements Step {
        /** A request made as shown. */
        public Request(String method, String path, String body) {
            this(method, path, body, null);
        }
    }

    /** A call to a storage service: what it does and its particulars, in order (texts, numbers, lists of texts). */
    public record Operation(String what, Map<String, Object> details) implements Step {
        public Operation {
            details = ordered(details);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

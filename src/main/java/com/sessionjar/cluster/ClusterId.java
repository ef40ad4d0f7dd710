package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.sessionjar.BadInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A cluster's id, which is also its session's id: {@code <scope>:<cluster-guid>}, where the scope
 * is {@code local} for a cluster on this machine or the Azure subscription GUID, as in the original
 * ({@code 9fda6ae5-1210-43b9-a2da-703f0cdc253e:c49d8c24-3062-44b8-9a80-8e8164d4d340}).
 *
 * @param scope {@link #LOCAL} or a subscription GUID, in lower case
 * @param guid  the cluster's own GUID
 */
public record ClusterId(String scope, UUID guid) {
    /** The scope of clusters that run on this machine. */
    public static final String LOCAL = "local";
    /** How a session id is written, for error messages. */
    public static final String FORMAT = "<subscription-guid>:<cluster-guid> for an Azure session or local:<cluster-guid>"
            + " for a local one, e.g. local:c49d8c24-3062-44b8-9a80-8e8164d4d340";

    public ClusterId {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(guid, "guid");
    }

    /** A new id for a cluster on this machine. */
    public static ClusterId newLocal() {
        return new ClusterId(LOCAL, UUID.randomUUID());
    }

    /** A new id for a cluster in the Azure subscription {@code subscription}. */
    public static ClusterId newAzure(UUID subscription) {
        return new ClusterId(subscription.toString(), UUID.randomUUID());
    }

    /**
     * Parses a session id.
     *
     * @throws BadInputException naming the text and the expected format
     */
    @JsonCreator
    public static ClusterId parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.indexOf(':');
        if (colon > 0 && colon == trimmed.lastIndexOf(':')) {
            String scope = trimmed.substring(0, colon).toLowerCase(Locale.ROOT);
            UUID guid = uuidOrNull(trimmed.substring(colon + 1));
            if (guid != null && (scope.equals(LOCAL) || uuidOrNull(scope) != null)) {
                return new ClusterId(scope.equals(LOCAL) ? LOCAL : uuidOrNull(scope).toString(), guid);
            }
        }
        throw new BadInputException("Invalid session id '" + text + "': expected " + FORMAT);
    }

    /** Whether the cluster runs on this machine. */
    public boolean isLocal() {
        return LOCAL.equals(scope);
    }

    /** The name of a resource of this cluster: {@code clw-<guid>-<role>} (Azure names may not start with a digit). */
    public String resourceName(String role) {
        return "clw-" + guid + "-" + role;
    }

    @JsonValue
    @Override
    public String toString() {
        return scope + ":" + guid;
    }

    /** Whether {@code text} is a GUID in the canonical 8-4-4-4-12 hex form, as subscription ids are. */
    public static boolean isGuid(String text) {
        return text != null && uuidOrNull(text) != null;
    }

    /** The GUID in {@code text}, or null; only the canonical 8-4-4-4-12 hex form is accepted. */
    static UUID uuidOrNull(String text) {
        if (text.length() != 36 || !text.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(text);
    }
}

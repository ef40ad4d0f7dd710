package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An environment variable passed to every worker: {@code {Name, Value}} or, for a secret,
 * {@code {Name, SecureValue}}. A secure value is never printed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentVariable(@JsonProperty("Name") String name,
                                  @JsonProperty("Value") String value,
                                  @JsonProperty("SecureValue") String secureValue) {
    /** The value the worker sees, whichever of the two was given. */
    public String effectiveValue() {
        return secureValue != null ? secureValue : value;
    }

    /** Whether the value is a secret. */
    @JsonIgnore
    public boolean isSecure() {
        return secureValue != null;
    }

    @Override
    public String toString() {
        return name + "=" + (isSecure() ? "***" : value);
    }
}

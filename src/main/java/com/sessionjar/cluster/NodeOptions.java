package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What each node gets: CPUs, memory in GB, and an optional image (the provider's default when null). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeOptions(@JsonProperty("CpuCount") Integer cpuCount,
                          @JsonProperty("MemInGB") Integer memInGB,
                          @JsonProperty("Image") String image) {
    /** One CPU, 1 GB, the provider's default image. */
    public static final NodeOptions DEFAULT = new NodeOptions(null, null, null);

    public NodeOptions {
        cpuCount = cpuCount == null ? 1 : cpuCount;
        memInGB = memInGB == null ? 1 : memInGB;
    }
}

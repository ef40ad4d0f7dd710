package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What each node gets: CPUs, memory in GB, an optional image and an optional explicit Azure VM size
 * (null: the provider's default image, and the smallest size with the CPUs and memory asked for).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeOptions(@JsonProperty("CpuCount") Integer cpuCount,
                          @JsonProperty("MemInGB") Integer memInGB,
                          @JsonProperty("Image") String image,
                          @JsonProperty("VmSize") String vmSize) {
    /** One CPU, 1 GB, the provider's default image and size. */
    public static final NodeOptions DEFAULT = new NodeOptions(null, null, null, null);

    public NodeOptions {
        cpuCount = cpuCount == null ? 1 : cpuCount;
        memInGB = memInGB == null ? 1 : memInGB;
    }
}

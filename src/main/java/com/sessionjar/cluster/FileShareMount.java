package com.sessionjar.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An Azure Files share mounted on every node at {@code MountPath}. The account key is never printed. */
public record FileShareMount(@JsonProperty("Name") String name,
                             @JsonProperty("MountPath") String mountPath,
                             @JsonProperty("FileShareName") String fileShareName,
                             @JsonProperty("StorageAccountName") String storageAccountName,
                             @JsonProperty("StorageAccountKey") String storageAccountKey) {
    @Override
    public String toString() {
        return "FileShareMount[" + name + " at " + mountPath + " = " + storageAccountName + "/" + fileShareName + "]";
    }
}

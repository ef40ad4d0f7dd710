package com.sessionjar.cluster;

/**
 * How a cluster is created, beyond its config.
 *
 * @param keepOnFailure keep what a create that failed had made, for inspection, instead of deleting it
 *                      (Azure: the resource group, with the nodes' instance views and the extension's output)
 */
public record CreateOptions(boolean keepOnFailure) {
    /** Delete what a failed create made, so that nothing is left to pay for. */
    public static final CreateOptions DEFAULT = new CreateOptions(false);
}

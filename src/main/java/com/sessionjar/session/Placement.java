package com.sessionjar.session;

/** Where a new session's cluster runs. */
public enum Placement {
    /** On this machine: queues in Azurite, workers as local processes. */
    LOCAL,
    /** In the Azure subscription the config names. */
    AZURE
}

package com.sessionjar.cluster;

import com.sessionjar.NotFoundException;


/** There is no cluster (session) with the id asked for. */
public final class ClusterNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /** A not-found error for {@code id}; {@code where} says where it was looked for. */
    public ClusterNotFoundException(ClusterId id, String where) {
        super("No session " + id + " " + where);
    }
}

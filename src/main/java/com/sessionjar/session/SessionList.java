package com.sessionjar.session;

import com.sessionjar.cluster.SessionSummary;
import java.util.List;

/**
 * What {@link Sessions#list} found: the sessions on this machine, then those of an Azure
 * subscription, unless Azure could not be asked.
 *
 * @param sessions       the sessions, local ones first, each provider's oldest first
 * @param azureNotListed why no Azure session is listed, in one line; null if they are
 */
public record SessionList(List<SessionSummary> sessions, String azureNotListed) {
    public SessionList {
        sessions = List.copyOf(sessions);
    }
}

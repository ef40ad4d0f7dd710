package com.sessionjar.cli;

import static com.sessionjar.cli.UsageErrorHandler.usage;

import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.NodeLog;
import com.sessionjar.cluster.SessionStatus;
import com.sessionjar.session.SessionList;
import com.sessionjar.session.Sessions;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of the actions that look into sessions (a mixin of {@link SessionCommand}):
 * {@code --node} and {@code --tail} of {@code --logs}, {@code --subscription} of {@code --list},
 * and their rules, checked before any session is looked at.
 */
final class InspectFlags {
    /** Not static for the same reason as SessionCommand's: slf4j-simple fixes a level when a logger is made. */
    private final Logger log = LoggerFactory.getLogger(InspectFlags.class);
    /** How many lines {@code --logs} shows per node when {@code --tail} is not given. */
    static final int DEFAULT_TAIL = 50;

    @Option(names = "--node", paramLabel = "N", description = "With --logs: only node N (a local worker's number, "
            + "1, 2, ...; an Azure instance id, 0, 1, ...: --status shows them).")
    private Integer node;

    @Option(names = "--tail", paramLabel = "K", description = "With --logs: the last K lines of each log (default "
            + DEFAULT_TAIL + "; at most " + Sessions.MAX_TAIL + "). On Azure a node returns at most its last 4,096 bytes.")
    private Integer tail;

    @Option(names = "--subscription", paramLabel = "S", description = "With --list: list the Azure sessions of "
            + "subscription S (default: AZURE_SUBSCRIPTION_ID, else the only one the Azure credential can use).")
    private String subscription;

    /** Whether any of these options is given. */
    boolean anyGiven() {
        return node != null || tail != null || subscription != null;
    }

    /** The node {@code --node} names; null for every node. */
    Integer node() {
        return node;
    }

    /** How many lines {@code --logs} shows per node. */
    int tail() {
        return tail == null ? DEFAULT_TAIL : tail;
    }

    /** The subscription {@code --subscription} names; null if not given. */
    String subscription() {
        return subscription;
    }

    /** The rules of these options, for the action {@code kind}; a broken rule is a usage error. */
    void check(CommandLine commandLine, SessionCommand.Action.Kind kind) {
        if (node != null && kind != SessionCommand.Action.Kind.LOGS) {
            throw usage(commandLine, "--node only applies to --logs");
        }
        if (tail != null && kind != SessionCommand.Action.Kind.LOGS) {
            throw usage(commandLine, "--tail only applies to --logs");
        }
        if (subscription != null && kind != SessionCommand.Action.Kind.LIST) {
            throw usage(commandLine, "--subscription only applies to --list: a session id already names its subscription");
        }
        if (node != null && node < 0) {
            throw usage(commandLine, "--node (" + node + ") must be 0 or more: a local worker's number or an Azure "
                    + "instance id, as --status shows them");
        }
        if (tail != null && (tail < 1 || tail > Sessions.MAX_TAIL)) {
            throw usage(commandLine, "--tail (" + tail + ") must be from 1 to " + Sessions.MAX_TAIL);
        }
        if (subscription != null && !ClusterId.isGuid(subscription)) {
            throw usage(commandLine, "--subscription ('" + subscription + "') must be a GUID such as "
                    + "9fda6ae5-1210-43b9-a2da-703f0cdc253e (az account show --query id)");
        }
    }

    /** Runs {@code --status id}: the session's nodes, queues and counters, as text or JSON. */
    int status(Sessions all, String id, boolean json, PrintWriter out) {
        SessionStatus status = all.status(ClusterId.parse(id));
        if (json) {
            out.println(Json.status(status));
        } else {
            StatusText.status(status, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Runs {@code --logs id}: the last lines of each worker's log (or of {@code --node}'s), as text or JSON. */
    int logs(Sessions all, String id, boolean json, PrintWriter out, PrintWriter err) {
        ClusterId session = ClusterId.parse(id);
        List<NodeLog> logs = all.logs(session, node(), tail());
        if (json) {
            out.println(Json.logs(session, logs));
        } else {
            StatusText.logs(logs, out, err);
        }
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    /** Runs {@code --list}: every session, local and (when a subscription is known) Azure, as text or JSON. */
    int list(Sessions all, boolean json, PrintWriter out, PrintWriter err) {
        SessionList list = subscription != null ? all.list(subscription) : all.list();
        if (list.azureNotListed() != null) {
            err.println("Azure sessions are not listed: " + list.azureNotListed());
            err.flush();
        }
        if (json) {
            out.println(Json.list(list));
        } else {
            if (list.sessions().isEmpty()) {
                log.info("No sessions");
            }
            StatusText.list(list.sessions(), out);
        }
        out.flush();
        return ExitCode.OK;
    }
}

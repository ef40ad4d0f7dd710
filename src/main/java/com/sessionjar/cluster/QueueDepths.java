package com.sessionjar.cluster;

import com.sessionjar.protocol.ReplyQueues;
import com.sessionjar.queue.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The depths of a cluster's queues, wherever they are (Azurite or an Azure storage account): the
 * request, response and poison queues, then the reply queue of each client run.
 */
public final class QueueDepths {
    private QueueDepths() {
    }

    /** Each of {@code cluster}'s queues with its approximate message count, asked of the queue service now. */
    public static List<QueueDepth> of(Cluster cluster) {
        List<QueueDepth> depths = new ArrayList<>();
        depths.add(depth(cluster.requests(), QueueDepth.Role.REQUESTS));
        depths.add(depth(cluster.responses(), QueueDepth.Role.RESPONSES));
        depths.add(depth(cluster.poison(), QueueDepth.Role.POISON));
        MessageQueue responses = cluster.responses();
        for (String name : responses.siblingsStartingWith(ReplyQueues.prefix(responses.name())).keySet()) {
            if (ReplyQueues.isReplyQueue(responses.name(), name)) {
                // A run that ends deletes its queue: one gone since the listing is left out.
                QueueDepth reply = depth(responses.sibling(name), QueueDepth.Role.REPLY);
                if (reply.exists()) {
                    depths.add(reply);
                }
            }
        }
        return depths;
    }

    private static QueueDepth depth(MessageQueue queue, QueueDepth.Role role) {
        OptionalLong count = queue.approximateDepthIfExists();
        return new QueueDepth(queue.name(), role, count.isPresent(), count.orElse(0));
    }
}

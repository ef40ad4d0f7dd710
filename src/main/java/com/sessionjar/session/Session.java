package com.sessionjar.session;

import com.sessionjar.cluster.Cluster;
import com.sessionjar.cluster.ClusterConfig;
import com.sessionjar.cluster.ClusterId;
import com.sessionjar.cluster.ClusterProvider;
import com.sessionjar.protocol.Envelope;
import com.sessionjar.queue.MessageQueue;
import com.sessionjar.protocol.MessageText;
import com.sessionjar.protocol.TransactionCounts;
import com.sessionjar.protocol.StatsFile;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A session: a cluster plus the means to send it requests and receive its replies. Get one from
 * {@link Sessions}.
 */
public final class Session {
    /** The most requests the automatic window keeps in flight. */
    static final int MAX_AUTO_WINDOW = 1024;
    /** A deadline ({@code until=}) of as many digits as any before the year 2286, for the longest header. */
    private static final long LONGEST_DEADLINE = 9_999_999_999_999L;
    /** The most requests one run sends (each is tracked by one bit until its reply comes). */
    public static final long MAX_COUNT = Integer.MAX_VALUE;
    /** A run this long awaits its workers' last report of their transactions. */
    private static final Duration LONG_RUN = Duration.ofSeconds(5);
    /** The fewest requests the automatic window keeps in flight. */
    static final int MIN_AUTO_WINDOW = 64;

    private final Cluster cluster;
    private final ClusterProvider provider;

    Session(Cluster cluster, ClusterProvider provider) {
        this.cluster = cluster;
        this.provider = provider;
    }

    /** The session id, {@code <subscription>:<guid>} or {@code local:<guid>}. */
    public ClusterId id() {
        return cluster.id();
    }

    /** The config the session runs. */
    public ClusterConfig config() {
        return cluster.config();
    }

    /** The cluster behind the session. */
    public Cluster cluster() {
        return cluster;
    }

    /** Applies {@code config} to this session and returns the session as it now is. */
    public Session update(ClusterConfig config) {
        return new Session(provider.update(cluster.id(), config), provider);
    }

    /** Deletes the session: its workers, queues and records. */
    public void delete() {
        provider.delete(cluster.id());
    }

    /** The queue requests are sent to. */
    public MessageQueue requestQueue() {
        return cluster.requests();
    }

    /** The queue replies come back on. */
    public MessageQueue responseQueue() {
        return cluster.responses();
    }

    /**
     * Sends {@code message} {@code count} times in the form the session's service takes, receives
     * {@code count} replies and checks each one; {@code onAnswer} sees the answer to every request.
     * Echo: the reply must equal the message. grpc: {@code Greeter.SayHello(HelloRequest{name =
     * message})} must answer {@code "Hello " + message}. cgi: the program gets the message on stdin
     * and must exit 0.
     *
     * @throws com.sessionjar.BadInputException if the message cannot be sent (too large, bad characters)
     *                                  or count is not from 1 to {@link #MAX_COUNT}, before anything is sent
     * @throws QueueOutageException     if the queue service could not be reached for longer than the run waits
     */
    public SendResult sendAndReceive(String message, long count, SendOptions options, Consumer<Answer> onAnswer)
            throws InterruptedException {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count (" + count + ") must be from 1 to " + MAX_COUNT);
        }
        Exchange exchange = exchange();
        checkSendable(exchange.requestFor(message), count, options.plain(), !options.timeout().isZero());
        Iterator<String> repeated = new Iterator<>() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public String next() {
                if (left-- <= 0) {
                    throw new NoSuchElementException();
                }
                return message;
            }
        };
        return counted(() -> roundTrip(options).run(exchange, repeated, count, onAnswer));
    }

    /**
     * Sends one request per message of {@code messages}, taking each only when the window has
     * room (so a stream of any length is never held in memory), and receives and checks their
     * replies as {@link #sendAndReceive(String, long, SendOptions, Consumer)} does. A message
     * that cannot be sent is answered at once, in error, and the run goes on. Plain runs cannot
     * match replies to different messages, so they are refused here.
     *
     * @throws IllegalArgumentException if {@code options} are plain
     */
    public SendResult sendAndReceive(Iterator<String> messages, SendOptions options, Consumer<Answer> onAnswer)
            throws InterruptedException {
        if (options.plain()) {
            throw new IllegalArgumentException("A plain run sends one message: its replies cannot be told apart");
        }
        return counted(() -> roundTrip(options).run(exchange(), messages, -1, onAnswer));
    }

    /**
     * Checks that {@code message} can be sent {@code count} times, plain or enveloped (the envelope
     * adds a header to every request, so the longest one is checked), before anything is sent. A
     * refusal counts the message's own bytes and characters, and the room the header leaves it.
     * A plain message must not start with a line that workers would read as an envelope header.
     *
     * @throws com.sessionjar.BadInputException if it is too large, has characters a queue cannot
     *                                          carry, or is plain and would be read as an envelope
     */
    public static void checkSendable(String message, long count, boolean plain) {
        checkSendable(message, count, plain, false);
    }

    /** As {@link #checkSendable(String, long, boolean)}, the header holding a deadline ({@code until=}) if {@code deadline}. */
    static void checkSendable(String message, long count, boolean plain, boolean deadline) {
        if (plain) {
            Envelope.checkPlain(MessageText.check(message));
            return;
        }
        Envelope longest = Envelope.request("ffffffff." + Math.max(0, count - 1), "q".repeat(63), message);
        (deadline ? longest.until(LONGEST_DEADLINE) : longest).sendableText();
    }

    /** How messages reach this session's service and its replies are checked. */
    Exchange exchange() {
        return switch (cluster.config().serviceKind()) {
            case GRPC -> new HelloExchange();
            case CGI -> new CgiExchange();
            case ECHO -> Exchange.echo();
        };
    }

    /**
     * A run's result with the storage transactions made meanwhile, by this client and (if known)
     * the workers. Workers report their totals every {@link StatsFile#INTERVAL}: after a run long
     * enough for the figure to matter, their last report is awaited; a short run's lags a little.
     */
    private SendResult counted(Run run) throws InterruptedException {
        TransactionCounts client = cluster.queueAccount().transactions();
        Optional<TransactionCounts> workers = provider.workerTransactions(cluster.id());
        SendResult result = run.go();
        if (workers.isPresent() && result.elapsed().compareTo(LONG_RUN) >= 0 && !Thread.currentThread().isInterrupted()) {
            Thread.sleep(StatsFile.INTERVAL.toMillis() + 50);
        }
        Optional<TransactionCounts> workersAfter = provider.workerTransactions(cluster.id());
        return result.with(SendResult.Transactions.of(cluster.queueAccount().transactions().minus(client),
                workers.isPresent() && workersAfter.isPresent() ? workersAfter.get().minus(workers.get()) : null,
                result.received()));
    }

    /** A send-and-receive run, to go once. */
    private interface Run {
        SendResult go() throws InterruptedException;
    }

    private RoundTrip roundTrip(SendOptions options) {
        boolean automatic = options.window() == 0;
        // The automatic window bounds the queue's depth in messages; a packing run's messages hold pack requests each.
        int window = automatic ? options.pack() * automaticWindow(cluster) : options.window();
        return new RoundTrip(requestQueue(), responseQueue(), window, automatic, options,
                ResendRule.forLease(Duration.ofSeconds(cluster.config().queueOptions().messageLease())), queueService(),
                provider.wakeFile(cluster.id()).orElse(null));
    }

    /**
     * The session's queue service, for the line a run ends with should it not answer: what it is and
     * how to check it; or should a queue of the session be gone: how to make it again.
     */
    private Outage.Service queueService() {
        String endpoint = cluster.queueAccount().endpoint();
        String address = endpoint.startsWith("http") ? URI.create(endpoint).getAuthority() : endpoint;
        String remake = "--update " + cluster.id() + " makes it again, or --delete " + cluster.id();
        if (cluster.id().isLocal()) {
            return new Outage.Service("the local queue service (Azurite) at " + address,
                    "is Azurite running? its supervisor restarts it within seconds; --use " + cluster.id()
                            + " starts both again", remake, provider.dataFolder(cluster.id()).orElse(null));
        }
        return new Outage.Service("the queue service at " + address, "check this machine's network and the session's"
                + " storage account (az storage account show)", remake, null);
    }

    /**
     * The automatic window, in messages: 4 per worker slot of the session at its largest, 64 to
     * 1,024; with {@code AutoScale}, at least the queue depth that scales it out to
     * {@code MaxNodeCount} ({@link Cluster#scaleOutDepth}), so a run that could keep the most nodes
     * busy shows the autoscale rule its demand instead of keeping the queue too shallow to be seen.
     */
    static int automaticWindow(Cluster cluster) {
        return Math.max(Math.max(MIN_AUTO_WINDOW, Math.min(MAX_AUTO_WINDOW, 4 * cluster.capacity())), cluster.scaleOutDepth());
    }

    @Override
    public String toString() {
        return "Session[" + cluster + "]";
    }
}

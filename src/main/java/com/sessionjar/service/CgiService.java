package com.sessionjar.service;

import com.sessionjar.protocol.CgiReply;
import com.sessionjar.protocol.CgiSettings;
import com.sessionjar.protocol.ShellWords;
import com.sessionjar.protocol.ChildEnvironment;
import com.sessionjar.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CGI service: runs a program for each request, the request text on its stdin, and replies
 * with a {@link CgiReply} as JSON.
 *
 * <p>Configured by {@value #FILE_NAME} (the program: a path, or a name looked up on {@code PATH}),
 * {@value #ARGUMENTS} (split into words as a POSIX shell would, see {@link ShellWords}, but never
 * run through a shell) and {@value #TIMEOUT} (seconds a call may run, default 60: our addition;
 * the original waited forever). The program inherits the worker's working folder and environment,
 * the user's variables included but not the queue connection string (see {@link ChildEnvironment}).
 *
 * <p>Whether the program exists is found out per call, not at start-up: a local session may get
 * its program into a file share after its workers start, and a name on {@code PATH} cannot be
 * checked without running it. A program that cannot start, or that runs past the timeout (it and
 * every process below it are killed), gives a reply with {@code Exception} set and no
 * {@code ExitCode}; a non-zero exit is not an exception, {@code ExitCode} carries it. Outputs are
 * cut, and marked, to keep the reply within {@link CgiReply#MAX_JSON_BYTES}. A call interrupted by
 * the worker (stopping) kills the process tree and throws, so the request goes back to the queue.
 */
public final class CgiService implements Service {
    /** Environment variable: the program to run (required). */
    public static final String FILE_NAME = CgiSettings.FILE_NAME;
    /** Environment variable: its arguments, quoted as for a POSIX shell (optional). */
    public static final String ARGUMENTS = CgiSettings.ARGUMENTS;
    /** Environment variable: seconds a call may run before the program is killed (default 60). */
    public static final String TIMEOUT = CgiSettings.TIMEOUT;

    /**
     * Output kept per stream: more than a reply can carry, so whatever is dropped here would be
     * cut from the reply anyway, and the reply says so.
     */
    static final int KEPT_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CgiService.class);

    private final List<String> command;
    private final Duration timeout;
    /** Ours: three tasks per call feed stdin and drain the outputs; shut down by {@link #close()}. */
    private final ExecutorService io = Executors.newCachedThreadPool(new DaemonThreads("cgi-io"));

    /**
     * A service that runs {@code fileName} with {@code arguments}, each call for at most {@code timeout}.
     *
     * @throws IllegalArgumentException for a blank or over-long file name or a timeout that is not positive
     */
    public CgiService(String fileName, List<String> arguments, Duration timeout) {
        this(new CgiSettings(fileName, arguments, timeout));
    }

    private CgiService(CgiSettings settings) {
        List<String> words = new ArrayList<>();
        words.add(settings.fileName());
        words.addAll(settings.arguments());
        this.command = List.copyOf(words);
        this.timeout = settings.timeout();
    }

    /**
     * The service configured by {@value #FILE_NAME}, {@value #ARGUMENTS} and {@value #TIMEOUT} in {@code environment}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or bad
     */
    public static CgiService fromEnvironment(Map<String, String> environment) {
        CgiSettings settings = CgiSettings.fromEnvironment(environment);
        LOG.info("cgi service runs {} with {} argument(s), each call for at most {} s", settings.fileName(),
                settings.arguments().size(), settings.timeout().toSeconds());
        return new CgiService(settings);
    }

    @Override
    public String call(String request) throws InterruptedException {
        ProgramRun.Outcome outcome = ProgramRun.run(command, request, timeout, KEPT_BYTES, io);
        return ReplyFitter.fit(outcome, CgiReply.MAX_JSON_BYTES).toJson();
    }

    /** A reply with {@code Exception} set to {@code reason}, as for a program that could not run. */
    @Override
    public String errorReply(String request, String reason) {
        return new CgiReply(null, "", "", reason).toJson();
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}

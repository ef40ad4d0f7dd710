package com.sessionjar.cluster.local;

import com.sessionjar.BadInputException;
import java.time.Duration;
import java.util.Map;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the supervisor process: {@code java -cp session.jar
 * com.sessionjar.cluster.local.SupervisorMain}, started by {@link SupervisorProcess}, configured
 * by the environment it inherits from the command that started it ({@link LocalSettings}, and
 * {@value #INTERVAL}). It logs to its standard error, which is its log file.
 */
public final class SupervisorMain {
    /** How often the supervisor looks, in milliseconds (default 1,000): tests make it quicker or slower. */
    public static final String INTERVAL = "SESSIONJAR_SUPERVISOR_POLL_MS";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private SupervisorMain() {
    }

    /** Supervises the home folder's sessions until none is left; exits 2 on a bad setting. */
    public static void main(String[] args) throws InterruptedException {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Logger log = LoggerFactory.getLogger(SupervisorMain.class);
        Supervisor supervisor;
        try {
            supervisor = new Supervisor(LocalSettings.fromEnvironment(), interval(System.getenv()));
        } catch (BadInputException e) {
            log.error("{}", e.getMessage());
            System.exit(2);
            return;
        }
        supervisor.run();
    }

    /** The interval {@value #INTERVAL} names, from 50 ms to an hour, or the default. */
    static Duration interval(Map<String, String> environment) {
        String value = environment.get(INTERVAL);
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 50 && millis <= 3_600_000) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(INTERVAL + " (" + value + ") must be a number of milliseconds from 50 to 3600000");
    }
}

package io.planexec.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Quiets planexec's own service logs for verbs whose output is for people (the demo), unless asked otherwise. */
final class LogLevels {

    private LogLevels() {}

    /** Sets the {@code io.planexec} loggers to WARN, unless {@code PLANEXEC_LOG_LEVEL} says otherwise. */
    static void quietServices() {
        if (System.getenv("PLANEXEC_LOG_LEVEL") == null
                && LoggerFactory.getLogger("io.planexec") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}

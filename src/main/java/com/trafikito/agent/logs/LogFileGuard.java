package com.trafikito.agent.logs;

import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.trafikito.agent.host.ProcessUser;

import io.quarkus.logging.LoggingFilter;

/**
 * The log file handler's filter: before each record (so before each rotation, which happens while a record is
 * written) the folder and the file's name are checked again; when either turned unsafe, no record reaches the
 * file any more, and so the handler never renames or opens anything there. The records still go to stderr. The
 * filter must not log itself: {@link com.trafikito.agent.state.VarDir} reports the change at the next cycle.
 */
@LoggingFilter(name = LogFileGuard.NAME)
public final class LogFileGuard implements Filter {

    public static final String NAME = "trafikito-log-file";

    private final Path file;
    private final long uid;

    /** The only constructor: Quarkus makes the filter a bean, and a bean has one constructor to call. */
    public LogFileGuard(@ConfigProperty(name = "quarkus.log.file.path") String file) {
        this.file = Path.of(file);
        this.uid = uidOrNone();
    }

    /** -1 when the agent's uid cannot be read: then no file is the agent's, and nothing is written (fail closed). */
    private static long uidOrNone() {
        try {
            return ProcessUser.currentUid();
        } catch (IllegalStateException e) {
            return -1;
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        Optional<String> problem = LogFileSafety.folderProblem(file, uid);
        if (problem.isEmpty()) {
            problem = LogFileSafety.fileProblem(file, uid);
        }
        if (problem.isPresent()) {
            LogFileSafety.refuse(problem.get());
            return false;
        }
        if (LogFileSafety.refusal().isPresent()) {
            LogFileSafety.refuse(null);
        }
        return true;
    }
}

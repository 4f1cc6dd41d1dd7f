package com.trafikito.agent.cycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.state.VarDir;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.files.WarnOnce;
import com.trafikito.agent.text.Printable;

/**
 * Reports the agent's errors to the API at most once a minute per code. The record {@code var/error-<code>}
 * holds the epoch second of the last report that got a 2xx, and is removed when the condition is gone,
 * so that the next occurrence is reported at once.
 */
@ApplicationScoped
public class ErrorFeedback {

    static final long MIN_SECONDS_BETWEEN_REPORTS = 60;
    static final int MAX_DETAILS_CHARS = 8 * 1024;
    static final int MAX_MESSAGE_CHARS = 1024;
    /** An epoch second and a line end. */
    static final int MAX_RECORD_BYTES = 64;

    private static final Logger LOG = Logger.getLogger(ErrorFeedback.class);

    private final WarnOnce recordWarnings = new WarnOnce(LOG);
    private final ApiGateway api;
    private final AgentPaths paths;
    private final Clock clock;
    private final VarDir var;

    @Inject
    public ErrorFeedback(ApiGateway api, AgentPaths paths, VarDir var) {
        this(api, paths, Clock.systemUTC(), var);
    }

    ErrorFeedback(ApiGateway api, AgentPaths paths, Clock clock) {
        this(api, paths, clock, new VarDir(paths));
    }

    ErrorFeedback(ApiGateway api, AgentPaths paths, Clock clock, VarDir var) {
        this.api = api;
        this.paths = paths;
        this.clock = clock;
        this.var = var;
    }

    public void report(ServerCredentials credentials, ErrorCode code, String message, String details) {
        String text = message != null ? message : code.message();
        LOG.warnf("error %d %s: %s", code.code(), Printable.line(text), Printable.line(details));
        long now = clock.instant().getEpochSecond();
        Long last = lastReport(code);
        if (last != null && now - last < MIN_SECONDS_BETWEEN_REPORTS && now >= last) {
            LOG.debugf("error %d was reported %d s ago; not again within a minute", code.code(), now - last);
            return;
        }
        ApiResult result = api.errorFeedback(credentials.apiKey(), code.code(), cap(text, MAX_MESSAGE_CHARS),
                cap(details, MAX_DETAILS_CHARS));
        if (result instanceof ApiResult.Answer) {
            try {
                var.write(record(code), Long.toString(now));
            } catch (VarDir.Untrusted e) {
                LOG.debug(e.getMessage()); // said once by VarDir
            } catch (IOException e) {
                LOG.warnf("cannot write %s: %s", record(code), IoReason.of(e));
            }
        } else {
            LOG.warnf("error %d could not be reported: %s", code.code(), Printable.line(result.describe()));
        }
    }

    /** The condition of {@code code} is gone. */
    public void clear(ErrorCode code) {
        try {
            var.delete(record(code));
        } catch (VarDir.Untrusted e) {
            LOG.debug(e.getMessage());
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", record(code), IoReason.of(e));
        }
    }

    /** The record holds one number: anything else (a FIFO, a link, a huge file) is no record, said once. */
    private Long lastReport(ErrorCode code) {
        BoundedFile.Read read = BoundedFile.read(record(code), MAX_RECORD_BYTES, BoundedFile.Links.NOFOLLOW);
        if (read instanceof BoundedFile.Invalid invalid) {
            recordWarnings.warn(code, "ignoring the error record: " + invalid.reason());
            return null;
        }
        if (!(read instanceof BoundedFile.Content content)) {
            return null;
        }
        String text = new String(content.bytes(), StandardCharsets.US_ASCII).strip();
        try {
            recordWarnings.clear(code);
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            recordWarnings.warn(code, "ignoring the error record " + record(code) + ": not a number: " + text);
            return null;
        }
    }

    private Path record(ErrorCode code) {
        return paths.errorRecord(code.code());
    }

    static String cap(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "\n[trafikito-agent: cut at " + max + " characters]";
    }
}

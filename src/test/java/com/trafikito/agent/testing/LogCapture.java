package com.trafikito.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The agent's log lines as they are formatted (message with its arguments), for tests that check what an operator
 * would read. Attached to the {@code com.trafikito} category of the log manager of this JVM; close it after use.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final String CATEGORY = "com.trafikito";

    private final List<String> lines = new ArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger(CATEGORY).addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        lines.add(record.getLevel() + " " + message);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every line in one text, for {@code contains} checks. */
    public String text() {
        return String.join("\n", lines());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger(CATEGORY).removeHandler(this);
    }
}

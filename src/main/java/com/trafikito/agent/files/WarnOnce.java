package com.trafikito.agent.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.trafikito.agent.text.Printable;

/**
 * A problem of a file is logged once, not every cycle, until it is gone: a file that is read each cycle (STOP,
 * the cached answer, the error records) would otherwise repeat the same warning every minute.
 */
public final class WarnOnce {

    private final Logger log;
    private final Map<Object, String> warned = new ConcurrentHashMap<>();

    public WarnOnce(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} (made printable) unless the same message was the last one logged for {@code key}. */
    public void warn(Object key, String message) {
        String line = Printable.line(message, 400);
        if (!line.equals(warned.put(key, line))) {
            log.warn(line);
        }
    }

    /** The problem of {@code key} is gone: the next one is logged again. */
    public void clear(Object key) {
        warned.remove(key);
    }
}

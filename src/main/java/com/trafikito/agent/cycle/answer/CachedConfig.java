package com.trafikito.agent.cycle.answer;

import java.util.Optional;

/**
 * The text of {@code var/last_config.tmp}: the last answer that ran, exactly as received (without its
 * trailing white space), so that {@code =} and {@code previous} can reuse it after a restart.
 */
public final class CachedConfig {

    private static final ConfigAnswerParser PARSER = new ConfigAnswerParser();

    private CachedConfig() {
    }

    public static String toCache(CycleOrder order) {
        return order.raw();
    }

    /** The cached order; empty when the text is missing or is not a usable answer (STOP, {@code =}, errors...). */
    public static Optional<CycleOrder> fromCache(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return PARSER.parse(text) instanceof ConfigAnswer.Order o ? Optional.of(o.order()) : Optional.empty();
    }
}

package com.trafikito.agent.whitelist;

import java.util.function.Function;

/**
 * The outcome of reading {@code available_commands.sh} from disk: a parsed whitelist (which may still
 * hold invalid lines) or a file refused as a whole (error 100 with the reason; the cycle is skipped).
 * Callers take it apart with {@link #fold}, which makes them say what happens in both cases.
 */
public sealed interface WhitelistLoad {

    /**
     * @param loaded  what to make of the whitelist read
     * @param refused what to make of the reason the file was refused
     */
    <T> T fold(Function<Whitelist, T> loaded, Function<String, T> refused);

    record Loaded(Whitelist whitelist) implements WhitelistLoad {
        @Override
        public <T> T fold(Function<Whitelist, T> loaded, Function<String, T> refused) {
            return loaded.apply(whitelist);
        }
    }

    /** @param reason a sentence naming the path, sent as error 100's details and logged */
    record Refused(String reason) implements WhitelistLoad {
        @Override
        public <T> T fold(Function<Whitelist, T> loaded, Function<String, T> refused) {
            return refused.apply(reason);
        }
    }
}

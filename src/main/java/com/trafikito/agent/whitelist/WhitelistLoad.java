package com.trafikito.agent.whitelist;

/**
 * The outcome of reading {@code available_commands.sh} from disk: a parsed whitelist (which may still
 * hold invalid lines) or a file refused as a whole (error 100 with the reason; the cycle is skipped).
 */
public sealed interface WhitelistLoad {

    record Loaded(Whitelist whitelist) implements WhitelistLoad {
    }

    /** @param reason a sentence naming the path, sent as error 100's details and logged */
    record Refused(String reason) implements WhitelistLoad {
    }
}

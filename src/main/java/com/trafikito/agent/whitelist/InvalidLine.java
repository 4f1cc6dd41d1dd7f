package com.trafikito.agent.whitelist;

/**
 * A line of {@code available_commands.sh} that is neither an entry, a comment nor blank.
 *
 * @param lineNumber counted from 1
 * @param text       the line as it stands, only a trailing CR removed
 */
public record InvalidLine(int lineNumber, String text) {

    /** The details format of error 100: {@code line <n>: <text>}. */
    public String describe() {
        return "line " + lineNumber + ": " + text;
    }
}

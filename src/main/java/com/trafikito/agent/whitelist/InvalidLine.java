package com.trafikito.agent.whitelist;

/**
 * A line of {@code available_commands.sh} that is neither an entry, a comment nor blank.
 *
 * @param lineNumber counted from 1
 * @param text       the line as it stands, only a trailing CR removed (bytes that are not UTF-8 shown as U+FFFD)
 * @param problem    what is wrong beyond not being an entry (e.g. "not valid UTF-8"), or null
 */
public record InvalidLine(int lineNumber, String text, String problem) {

    public InvalidLine(int lineNumber, String text) {
        this(lineNumber, text, null);
    }

    /** The details format of error 100: {@code line <n>: <text>}. */
    public String describe() {
        return "line " + lineNumber + ": " + text;
    }
}

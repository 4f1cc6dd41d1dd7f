package com.trafikito.agent.whitelist;

/**
 * One valid line of {@code available_commands.sh}.
 *
 * @param name        the name with its {@code trafikito_} prefix, e.g. {@code trafikito_df_h}
 * @param commandLine the text between the double quotes, passed verbatim to {@code /bin/sh -c}
 * @param lineNumber  the line's number in its file, counted from 1
 * @param line        the source line without trailing white space and CR: what the payload's
 *                    available-commands section lists
 */
public record WhitelistEntry(String name, String commandLine, int lineNumber, String line) {

    /** What every whitelisted name starts with, in the file and in the payload; get_config asks without it. */
    public static final String PREFIX = "trafikito_";
}

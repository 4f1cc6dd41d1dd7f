package com.trafikito.agent.commands;

/**
 * One command to run: the whitelisted name (with its {@code trafikito_} prefix) and its shell command line.
 */
public record CommandSpec(String name, String commandLine) {
}

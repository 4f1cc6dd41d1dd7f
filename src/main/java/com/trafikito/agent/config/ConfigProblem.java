package com.trafikito.agent.config;

/**
 * The configuration cannot be used: a missing or unreadable file, a missing key, an unusable value.
 * The message names the file and the key, never a secret's value.
 */
public class ConfigProblem extends Exception {

    public ConfigProblem(String message) {
        super(message);
    }

    public ConfigProblem(String message, Throwable cause) {
        super(message, cause);
    }
}

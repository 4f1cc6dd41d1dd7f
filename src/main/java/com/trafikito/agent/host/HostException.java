package com.trafikito.agent.host;

/**
 * A system tool, the user database or the service manager failed. The message is for the user (no secret in
 * it); install, uninstall and status say it as their own failure.
 */
public class HostException extends Exception {

    public HostException(String message) {
        super(message);
    }

    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}

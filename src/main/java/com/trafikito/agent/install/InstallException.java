package com.trafikito.agent.install;

import com.trafikito.agent.host.HostException;

/**
 * Install, uninstall or status cannot go on. The message is for the user (no secret in it), the exit code is
 * the command's.
 */
public class InstallException extends Exception {

    /** Usage, a precondition, or something install will not do without being told. */
    public static final int USAGE = 2;
    /** Registration refused, the API unreachable, or a step failed (and what was done is rolled back). */
    public static final int FAILED = 1;

    private final int exitCode;

    public InstallException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public InstallException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static InstallException usage(String message) {
        return new InstallException(USAGE, message);
    }

    public static InstallException failed(String message) {
        return new InstallException(FAILED, message);
    }

    /** A failed tool or service call of the host, said to the user as it is, as a failed step. */
    static InstallException failed(HostException e) {
        return new InstallException(FAILED, e.getMessage(), e);
    }

    public int exitCode() {
        return exitCode;
    }
}

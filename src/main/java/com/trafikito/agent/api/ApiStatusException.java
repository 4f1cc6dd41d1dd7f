package com.trafikito.agent.api;

/** The API answered with a status other than 2xx: never an answer (PROTOCOL.md, Reading answers). */
public class ApiStatusException extends RuntimeException {

    private final int status;

    public ApiStatusException(int status) {
        super("HTTP " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

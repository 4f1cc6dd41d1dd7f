package com.trafikito.agent.cycle;

/** The agent's own errors, reported through error_feedback (PROTOCOL.md section 3). */
public enum ErrorCode {
    INVALID_COMMANDS(100, "AGENT_INVALID_COMMANDS"),
    SAVE_RESULT_FAILED(101, "AGENT_SAVE_RESULT_FAILED"),
    WIDGET(102, "AGENT_INSTALL_WIDGET_FAILED_INVALID_COMMAND"),
    API_ERROR(104, null),
    INVALID_CYCLE_DATA(105, "AGENT_INVALID_CYCLE_DATA");

    public static final String WIDGET_INSTALL_DISABLED = "AGENT_WIDGET_INSTALL_DISABLED";

    private final int code;
    private final String message;

    ErrorCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    /** The fixed message; 104 carries the API's own message instead. */
    public String message() {
        return message;
    }
}

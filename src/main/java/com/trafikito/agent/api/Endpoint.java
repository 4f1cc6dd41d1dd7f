package com.trafikito.agent.api;

/** The API's endpoints; {@link #label()} is the {@code endpoint} label of the metrics contract. */
public enum Endpoint {
    PING("ping"),
    GET_CONFIG("get_config"),
    SAVE_OUTPUT("save_output"),
    ERROR_FEEDBACK("error_feedback"),
    WIDGET_GET_COMMAND("widget_get_command"),
    WIDGET_INSTALL("widget_install"),
    GET_AGENT_FILE("get_agent_file");

    private final String label;

    Endpoint(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package com.trafikito.agent.api;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.trafikito.agent.config.ServerCredentials;

import io.vertx.core.buffer.Buffer;

/**
 * Every call of PROTOCOL.md as it goes on the wire: its endpoint, body type, field names and the file part's
 * name and content type. The backend is not ours, so these are kept exactly as the original sent them. Nothing
 * here sends, retries or knows an edge.
 */
final class WireForms {

    /** The file part's name and type, as the original's {@code curl -F output=@trafikito.tmp} sent it. */
    static final String OUTPUT_FILE_NAME = "trafikito.tmp";
    static final String OUTPUT_CONTENT_TYPE = "application/octet-stream";
    /** The type of a text field: the encoder adds the form's charset (UTF-8), as it did to its attribute parts. */
    static final String FIELD_CONTENT_TYPE = "text/plain";

    private WireForms() {
    }

    static ApiCall ping() {
        return new ApiCall(Endpoint.PING, TrafikitoApi::ping);
    }

    static ApiCall getConfig(ServerCredentials credentials, String previousToken) {
        GetConfigRequest request = new GetConfigRequest(credentials.serverId(), credentials.apiKey(), previousToken);
        return new ApiCall(Endpoint.GET_CONFIG, api -> api.getConfig(request));
    }

    static ApiCall saveOutput(ServerCredentials credentials, byte[] payload, long timeTookLastTime, String callToken) {
        ClientMultipartForm form = Form.withOutputFile(payload)
                .field("timeTookLastTime", Long.toString(timeTookLastTime))
                .field("serverId", credentials.serverId())
                .field("serverApiKey", credentials.apiKey())
                .field("callToken", callToken)
                .parts();
        return new ApiCall(Endpoint.SAVE_OUTPUT, api -> api.saveOutput(form));
    }

    /** Plain text fields only: text from the API is data, never a file reference (PROTOCOL.md, Faults). */
    static ApiCall errorFeedback(String apiKey, int code, String message, String details) {
        ClientMultipartForm form = new Form()
                .field("code", Integer.toString(code))
                .field("message", message)
                .field("details", details)
                .field("serverApiKey", apiKey)
                .parts();
        return new ApiCall(Endpoint.ERROR_FEEDBACK, api -> api.errorFeedback(form));
    }

    static ApiCall widgetCommand(String widgetId) {
        WidgetCommandRequest request = new WidgetCommandRequest(widgetId);
        return new ApiCall(Endpoint.WIDGET_GET_COMMAND, api -> api.widgetGetCommand(request));
    }

    static ApiCall widgetInstall(ServerCredentials credentials, String widgetId, String name, byte[] output) {
        ClientMultipartForm form = Form.withOutputFile(output)
                .field("serverId", credentials.serverId())
                .field("widgetId", widgetId)
                .field("cmd", name)
                .field("serverApiKey", credentials.apiKey())
                .parts();
        return new ApiCall(Endpoint.WIDGET_INSTALL, api -> api.widgetInstall(form));
    }

    /** Registration (PROTOCOL.md 5.1): {@code file=trafikito.conf}, JSON. */
    static ApiCall register(RegistrationRequest request) {
        return new ApiCall(Endpoint.GET_AGENT_FILE, api -> api.getAgentFileJson("trafikito.conf", request));
    }

    /** The initial whitelist (PROTOCOL.md 5.3): {@code file=available_commands.sh}, multipart. */
    static ApiCall initialCommands(InitialCommandsRequest request, byte[] payload) {
        ClientMultipartForm form = Form.withOutputFile(payload)
                .field("userApiKey", request.userApiKey())
                .field("workspaceId", request.workspaceId())
                .field("serverId", request.serverId())
                .field("os", request.os())
                .field("osCodename", request.osCodename())
                .field("osRelease", request.osRelease())
                .field("centosFlavor", request.centosFlavor())
                .parts();
        return new ApiCall(Endpoint.GET_AGENT_FILE, api -> api.getAgentFileMultipart("available_commands.sh", form));
    }

    /**
     * A multipart form held in memory. Its text fields are parts without a file name: on the wire exactly the form
     * fields the client's {@code attribute} writes, but not through Netty's disk-backed attribute, which writes each
     * value (the API key too) to a file in {@code java.io.tmpdir} for the length of the request (left there when
     * the agent is killed; a full or read-only {@code /tmp} fails the call) and reads it back into a buffer the
     * size of the client's chunk (6 MiB) per field: most of the agent's heap growth and CPU per cycle.
     */
    private static final class Form {

        private final ClientMultipartForm parts = ClientMultipartForm.create();

        static Form withOutputFile(byte[] content) {
            Form form = new Form();
            form.parts.binaryFileUpload("output", OUTPUT_FILE_NAME, Buffer.buffer(content), OUTPUT_CONTENT_TYPE);
            return form;
        }

        Form field(String name, String value) {
            parts.textFileUpload(name, "", Buffer.buffer(value == null ? "" : value, "UTF-8"), FIELD_CONTENT_TYPE);
            return this;
        }

        ClientMultipartForm parts() {
            return parts;
        }
    }
}

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
        ClientMultipartForm form = withOutputFile(payload)
                .attribute("timeTookLastTime", Long.toString(timeTookLastTime), null)
                .attribute("serverId", credentials.serverId(), null)
                .attribute("serverApiKey", credentials.apiKey(), null)
                .attribute("callToken", callToken, null);
        return new ApiCall(Endpoint.SAVE_OUTPUT, api -> api.saveOutput(form));
    }

    /** Plain text fields only: text from the API is data, never a file reference (PROTOCOL.md, Faults). */
    static ApiCall errorFeedback(String apiKey, int code, String message, String details) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("code", Integer.toString(code), null)
                .attribute("message", message, null)
                .attribute("details", details, null)
                .attribute("serverApiKey", apiKey, null);
        return new ApiCall(Endpoint.ERROR_FEEDBACK, api -> api.errorFeedback(form));
    }

    static ApiCall widgetCommand(String widgetId) {
        WidgetCommandRequest request = new WidgetCommandRequest(widgetId);
        return new ApiCall(Endpoint.WIDGET_GET_COMMAND, api -> api.widgetGetCommand(request));
    }

    static ApiCall widgetInstall(ServerCredentials credentials, String widgetId, String name, byte[] output) {
        ClientMultipartForm form = withOutputFile(output)
                .attribute("serverId", credentials.serverId(), null)
                .attribute("widgetId", widgetId, null)
                .attribute("cmd", name, null)
                .attribute("serverApiKey", credentials.apiKey(), null);
        return new ApiCall(Endpoint.WIDGET_INSTALL, api -> api.widgetInstall(form));
    }

    /** Registration (PROTOCOL.md 5.1): {@code file=trafikito.conf}, JSON. */
    static ApiCall register(RegistrationRequest request) {
        return new ApiCall(Endpoint.GET_AGENT_FILE, api -> api.getAgentFileJson("trafikito.conf", request));
    }

    /** The initial whitelist (PROTOCOL.md 5.3): {@code file=available_commands.sh}, multipart. */
    static ApiCall initialCommands(InitialCommandsRequest request, byte[] payload) {
        ClientMultipartForm form = withOutputFile(payload)
                .attribute("userApiKey", request.userApiKey(), null)
                .attribute("workspaceId", request.workspaceId(), null)
                .attribute("serverId", request.serverId(), null)
                .attribute("os", request.os(), null)
                .attribute("osCodename", request.osCodename(), null)
                .attribute("osRelease", request.osRelease(), null)
                .attribute("centosFlavor", request.centosFlavor(), null);
        return new ApiCall(Endpoint.GET_AGENT_FILE, api -> api.getAgentFileMultipart("available_commands.sh", form));
    }

    private static ClientMultipartForm withOutputFile(byte[] content) {
        return ClientMultipartForm.create()
                .binaryFileUpload("output", OUTPUT_FILE_NAME, Buffer.buffer(content), OUTPUT_CONTENT_TYPE);
    }
}

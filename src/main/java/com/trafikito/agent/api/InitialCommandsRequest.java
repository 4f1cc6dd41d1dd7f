package com.trafikito.agent.api;

/**
 * The form fields of registration's second call (PROTOCOL.md 5.3), besides the payload. Holds the user's api
 * key: no toString that shows it.
 */
public record InitialCommandsRequest(String userApiKey, String workspaceId, String serverId, String os,
        String osCodename, String osRelease, String centosFlavor) {

    @Override
    public String toString() {
        return "InitialCommandsRequest[workspaceId=" + workspaceId + ", serverId=" + serverId + ", os=" + os + "]";
    }
}

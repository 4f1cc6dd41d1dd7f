package com.trafikito.agent.api;

/**
 * The JSON body of registration (PROTOCOL.md 5.1). Holds the user's api key: no toString that shows it.
 *
 * @param tmpFilePath the shell agent's {@code TMP_FILE}; the API echoes it back as {@code tmp_file}, which
 *                    this agent ignores, but the backend expects the field
 */
public record RegistrationRequest(String workspaceId, String userApiKey, String serverName, String tmpFilePath) {

    @Override
    public String toString() {
        return "RegistrationRequest[workspaceId=" + workspaceId + ", serverName=" + serverName + "]";
    }
}

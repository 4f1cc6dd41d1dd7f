package com.trafikito.agent.api;

/** The JSON body of get_config. Holds the api key: no toString that shows it. */
public record GetConfigRequest(String serverId, String serverApiKey, String previous) {

    @Override
    public String toString() {
        return "GetConfigRequest[serverId=" + serverId + ", previous=" + previous + "]";
    }
}

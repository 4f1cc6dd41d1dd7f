package com.trafikito.agent.config;

import org.eclipse.microprofile.config.ConfigProvider;

/** This agent's version, from the build ({@code quarkus.application.version}). */
public final class AgentVersion {

    private AgentVersion() {
    }

    public static String current() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }
}

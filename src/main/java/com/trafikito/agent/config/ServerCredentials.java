package com.trafikito.agent.config;

/**
 * The server id and api key the API knows this machine by. The key is a secret: {@link #toString()}
 * masks it, so that a stray log line or exception message never shows it.
 */
public record ServerCredentials(String serverId, String apiKey) {

    public String maskedApiKey() {
        return mask(apiKey);
    }

    /** Shows the last four characters of a long secret and nothing of a short one. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "(none)";
        }
        return secret.length() >= 12 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    @Override
    public String toString() {
        return "ServerCredentials[serverId=" + serverId + ", apiKey=" + maskedApiKey() + "]";
    }
}

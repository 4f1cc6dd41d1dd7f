package com.trafikito.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates {@code agent.api.url}: absolute http(s) URLs, and plain http only to loopback unless
 * {@code agent.api.allow-insecure} says otherwise (the api key travels in every request).
 */
public final class ApiUrls {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("^127(\\.\\d{1,3}){3}$");

    private ApiUrls() {
    }

    public static List<URI> validate(List<String> urls, boolean allowInsecure) throws ConfigProblem {
        List<URI> edges = new ArrayList<>();
        for (String raw : urls) {
            String url = raw.strip();
            if (url.isEmpty()) {
                continue;
            }
            URI uri = parse(url);
            if ("http".equals(uri.getScheme()) && !allowInsecure && !isLoopback(uri.getHost())) {
                throw new ConfigProblem("agent.api.url: " + url + " is plain http to a host that is not loopback;"
                        + " use https:// or set agent.api.allow-insecure=true (AGENT_API_ALLOW_INSECURE=true)");
            }
            edges.add(uri);
        }
        if (edges.isEmpty()) {
            throw new ConfigProblem("agent.api.url: no API URL is set");
        }
        return List.copyOf(edges);
    }

    private static URI parse(String url) throws ConfigProblem {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigProblem("agent.api.url: " + url + " is not an http:// or https:// URL");
            }
            if (uri.getUserInfo() != null) {
                throw new ConfigProblem("agent.api.url: credentials in the URL are not supported");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigProblem("agent.api.url: " + url + " is not a URL (" + e.getReason() + ")");
        }
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }
}

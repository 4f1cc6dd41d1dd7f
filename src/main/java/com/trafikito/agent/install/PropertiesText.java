package com.trafikito.agent.install;

/**
 * {@code etc/agent.properties} as install first writes it: every {@code agent.*} key, commented out, with its
 * default, so that an owner changes a setting by uncommenting one line. A test checks that no key of
 * {@link com.trafikito.agent.config.AgentConfig} is missing here.
 */
public final class PropertiesText {

    private PropertiesText() {
    }

    /** The API's URL when agent.api.url is not set anywhere. */
    public static final String DEFAULT_API_URL = "https://api.trafikito.com";

    private static final java.util.regex.Pattern API_URL_LINE =
            java.util.regex.Pattern.compile("(?m)^[ \\t]*agent\\.api\\.url[ \\t]*[=:][ \\t]*(.*?)[ \\t]*$");

    /** The value of an active {@code agent.api.url} line (the last one wins, as in Properties), if any. */
    public static java.util.Optional<String> apiUrl(String text) {
        java.util.regex.Matcher matcher = API_URL_LINE.matcher(text);
        String value = null;
        while (matcher.find()) {
            value = matcher.group(1);
        }
        return java.util.Optional.ofNullable(value);
    }

    /**
     * The text with {@code agent.api.url=url}: an active line is replaced, else the line goes after the commented
     * default, else at the end. Every other line is kept. {@code url} is a checked URL list (no backslash, no line
     * end), so it needs no escaping.
     */
    public static String withApiUrl(String text, String url) {
        String line = "agent.api.url=" + url;
        if (apiUrl(text).isPresent()) {
            return API_URL_LINE.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(line));
        }
        String commented = "#agent.api.url=" + DEFAULT_API_URL + "\n";
        int at = text.indexOf(commented);
        if (at >= 0) {
            int end = at + commented.length();
            return text.substring(0, end) + "# Set by `agent install`, which registered this server with this API:\n"
                    + line + "\n" + text.substring(end);
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + line + "\n";
    }

    public static String render() {
        return """
                # Settings of the trafikito agent (README.md, "Configuration"). Every key is shown with its default,
                # commented out: uncomment a line to change it. Environment variables (AGENT_...) and -D override
                # this file. Restart the service after a change: systemctl restart trafikito
                #
                # This file is readable by every user: keep the api key in etc/trafikito.cfg (mode 0600), not here.

                # The installation folder (the launcher and the unit set it; change it only with a re-install).
                #agent.base-dir=/opt/trafikito

                # Server id and api key; unset: SERVER_ID and API_KEY of etc/trafikito.cfg.
                #agent.server-id=
                #agent.api-key=
                # Or a file holding the api key (a mounted Secret), read when agent.api-key is unset.
                #agent.api-key-file=

                # API base URLs, in order of preference (a comma-separated list of edges).
                #agent.api.url=https://api.trafikito.com
                # Allow plain http:// to hosts other than loopback.
                #agent.api.allow-insecure=false
                #agent.api.connect-timeout=5s
                #agent.api.read-timeout=15s

                # Per-command time limit: the command's process group gets TERM, then KILL 2 s later.
                #agent.commands.timeout=30s
                # Bytes of output kept per command; the rest is dropped, with a marker line.
                #agent.commands.max-output=512K
                # How many commands run at once.
                #agent.commands.parallelism=4

                # Widgets: true lets whoever controls your Trafikito dashboard (or the API) add commands, kept in
                # var/widget_commands.sh, and run them on this machine as the agent's user, beside
                # available_commands.sh. false (the default) refuses them (error 102). Turn on only if you trust that.
                #agent.widgets.install=false

                # Time between cycle starts (plus the API's delay); shorter only for tests and benchmarks.
                #agent.cycle.interval=60s
                # Start cycles at a stable per-server offset within the interval.
                #agent.cycle.splay=true

                # Used by `agent install`, `uninstall` and `status` to find the service manager and user tools.
                # Internal (tests point them at fakes): leave them unset on a host.
                #agent.install.tools-path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                #agent.install.systemd-dir=/etc/systemd/system
                #agent.install.systemd-runtime-dir=/run/systemd/system
                #agent.install.init-dir=/etc/init.d
                #agent.install.distribution=
                #agent.install.assume-root=

                # Health (/q/health/live, /q/health/ready) and metrics (/q/metrics) of `agent run`, on 127.0.0.1 and
                # this port; false opens no port at all (restart after a change).
                #agent.http.enabled=true
                #quarkus.http.port=9730
                """;
    }
}

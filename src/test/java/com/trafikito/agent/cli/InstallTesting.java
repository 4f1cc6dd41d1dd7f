package com.trafikito.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trafikito.agent.testing.FakeApi;

/** The API side and file helpers of the install, uninstall and status tests. */
final class InstallTesting {

    static final String GET_AGENT_FILE = "/v2/agent/get_agent_file";
    static final String USER_API_KEY = "uak-secret-0123456789";
    static final String WORKSPACE = "ws-42";
    static final String SERVER_ID = "4c3c20fb-6542-4c96-a736-e54a1240ec8a";
    static final String API_KEY = "bcdfcfb21aaceebd99882a55155f3f3bb9589ba6L1";
    static final String REGISTERED = "server_id = " + SERVER_ID + "\napi_key = " + API_KEY
            + "\ntmp_file = /opt/trafikito/var/trafikito.tmp\n";
    static final String API_WHITELIST = """
            trafikito_free="free"
            trafikito_uptime="uptime"
            trafikito_df_h="df -h"
            """;

    private InstallTesting() {
    }

    /** Registration answers {@code body}; the whitelist call answers {@link #API_WHITELIST}. */
    static void apiAnswers(String registration) {
        registrationAnswers(aResponse().withBody(registration));
        whitelistAnswers(aResponse().withBody(API_WHITELIST));
    }

    static void registrationAnswers(ResponseDefinitionBuilder response) {
        FakeApi.server().stubFor(post(urlPathEqualTo(GET_AGENT_FILE)).withQueryParam("file", equalTo("trafikito.conf"))
                .willReturn(response));
    }

    static void whitelistAnswers(ResponseDefinitionBuilder response) {
        FakeApi.server().stubFor(post(urlPathEqualTo(GET_AGENT_FILE))
                .withQueryParam("file", equalTo("available_commands.sh")).willReturn(response));
    }

    static List<LoggedRequest> requests(String file) {
        return FakeApi.server().findAll(postRequestedFor(urlPathEqualTo(GET_AGENT_FILE))
                .withQueryParam("file", equalTo(file)));
    }

    static String[] installArgs(Path baseDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("install", "--user-api-key", USER_API_KEY,
                "--workspace-id", WORKSPACE, "--server-name", "web-1", "--base-dir", baseDir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text, String mode) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long uid(Path path) {
        try {
            return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The original shell agent's base dir as its installer left it (chown -R RUNAS): its scripts, a config of
     * the given text, a whitelist with an owner's line, and state in var/.
     */
    static void shellAgentBaseDir(Path base, String configName, String config, String whitelistMode) {
        write(base.resolve("trafikito"), "#!/usr/bin/env sh\n# the shell agent's control script\n", "rwxr-xr-x");
        write(base.resolve("uninstall.sh"), "# the shell agent's uninstaller\n", "rwxr-xr-x");
        write(base.resolve("lib/trafikito_wrapper.sh"), "# wrapper\n", "rwxr-xr-x");
        write(base.resolve("lib/trafikito_agent.sh"), "# agent\n", "rwxr-xr-x");
        write(base.resolve("etc").resolve(configName), config, "rw-r--r--");
        write(base.resolve("available_commands.sh"), SHELL_WHITELIST, whitelistMode);
        write(base.resolve("var/cycle_delay"), "0\n", "rw-r--r--");
        write(base.resolve("var/trafikito.tmp"), "last payload\n", "rw-r--r--");
    }

    static final String SHELL_WHITELIST = """
            trafikito_free="free"
            trafikito_uptime="uptime"
            # mine:
            trafikito_nginx="curl -s localhost/status"
            """;
}

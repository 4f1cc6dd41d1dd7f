package com.trafikito.agent.install;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.api.InitialCommandsRequest;
import com.trafikito.agent.api.RegistrationRequest;
import com.trafikito.agent.config.CredentialsFile;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.host.OsFacts;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistParser;

/**
 * The two registration calls of PROTOCOL.md section 5, through {@link ApiGateway} (edges, 64 KiB bound).
 * Answers are data: they are checked before anything of them is written, and shown to the user made printable.
 */
@ApplicationScoped
public class Registration {

    /** What registration needs from the user. {@code userApiKey} is a secret: no toString shows it. */
    public record Account(String userApiKey, String workspaceId, String serverName) {
        @Override
        public String toString() {
            return "Account[workspaceId=" + workspaceId + ", serverName=" + serverName + "]";
        }
    }

    /** The initial whitelist, where it came from, and why the API's was not used (if it was not). */
    public record InitialCommands(Whitelist whitelist, String origin, Optional<String> warning) {
    }

    private static final int MAX_ID_LENGTH = 256;

    private final ApiGateway api;

    @Inject
    public Registration(ApiGateway api) {
        this.api = api;
    }

    /** Step 1: a new server id and api key, or an {@link InstallException} showing the API's answer. */
    public ServerCredentials register(Account account, String tmpFilePath) throws InstallException {
        RegistrationRequest request = new RegistrationRequest(account.workspaceId(), account.userApiKey(),
                account.serverName(), tmpFilePath);
        ApiResult result = api.register(request);
        if (!(result instanceof ApiResult.Answer answer)) {
            throw InstallException.failed("the API could not register this server (" + result.describe()
                    + "); nothing was installed. Check the network and agent.api.url, then run install again.");
        }
        CredentialsFile config = CredentialsFile.parse(answer.text());
        for (String key : new String[] { CredentialsFile.SERVER_ID, CredentialsFile.API_KEY }) {
            Optional<String> unreadable = config.unreadable(key);
            if (unreadable.isPresent()) { // the line is named, its value (maybe the new key) never shown
                throw InstallException.failed("the API's answer is refused: " + unreadable.get()
                        + "; it was not written anywhere. Nothing was installed.");
            }
        }
        Optional<String> serverId = config.get(CredentialsFile.SERVER_ID).map(String::strip);
        Optional<String> apiKey = config.get(CredentialsFile.API_KEY).map(String::strip);
        if (serverId.isEmpty() || apiKey.isEmpty()) {
            throw InstallException.failed("the API did not register this server: its answer has no "
                    + (serverId.isEmpty() ? "server_id" : "api_key") + " line (a wrong user api key or workspace id,"
                    + " or no free server slot in the workspace?). Nothing was installed. " + shown(answer.text()));
        }
        requireSafe("server_id", serverId.get());
        requireSafe("api_key", apiKey.get());
        return new ServerCredentials(serverId.get(), apiKey.get());
    }

    /**
     * Step 3: the initial {@code available_commands.sh} for the payload of the default commands. An answer
     * that is not a clean whitelist, or no answer, gives the bundled default list instead, with a warning: the
     * server is registered by now, and a working agent with the default commands beats a failed install.
     */
    public InitialCommands initialCommands(Account account, ServerCredentials server, byte[] payload, OsFacts os) {
        InitialCommandsRequest request = new InitialCommandsRequest(account.userApiKey(), account.workspaceId(),
                server.serverId(), os.os(), os.osCodename(), os.osRelease(), os.centosFlavor());
        ApiResult result = api.initialCommands(request, payload);
        String why;
        if (result instanceof ApiResult.Answer answer) {
            Whitelist received = WhitelistParser.parse(answer.text());
            why = WhitelistText.problem(received);
            if (why == null) {
                return new InitialCommands(received, "the API's list for this server", Optional.empty());
            }
        } else {
            why = result.describe();
        }
        return new InitialCommands(WhitelistFile.loadBundledSample(), "the agent's default list",
                Optional.of("the API's available_commands.sh was not used (" + why + ");"
                        + " the agent's 16 default commands were written instead"));
    }

    /** Not quoting the answer here: it holds the new api key. */
    private static void requireSafe(String field, String value) throws InstallException {
        String problem = CfgText.problem(value);
        if (problem == null && (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isWhitespace))) {
            problem = "must be one word of at most " + MAX_ID_LENGTH + " characters";
        }
        if (problem != null) {
            throw InstallException.failed("the API's " + field + " " + problem + "; it was not written anywhere."
                    + " Nothing was installed.");
        }
    }

    /**
     * The refused answer for the terminal, unless it holds a key in any shape ({@code api_key = ...},
     * {@code "apiKey": ...}, {@code API-KEY: ...}): a new server's key must not reach a terminal or a CI log.
     */
    static String shown(String answer) {
        String letters = answer.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
        if (letters.contains("apikey")) {
            return "The API's answer is not shown: it holds an api key (" + answer.lines().count() + " lines).";
        }
        return "The API answered:\n" + quote(answer);
    }

    /** An answer for the terminal: at most 20 printable lines, indented. */
    static String quote(String answer) {
        StringBuilder text = new StringBuilder();
        String[] lines = answer.strip().split("\n");
        for (int i = 0; i < Math.min(lines.length, 20); i++) {
            text.append("    ").append(WhitelistText.printable(lines[i])).append('\n');
        }
        if (lines.length > 20) {
            text.append("    ... (").append(lines.length - 20).append(" more lines)\n");
        }
        return answer.isBlank() ? "    (an empty answer)" : text.toString().stripTrailing();
    }
}

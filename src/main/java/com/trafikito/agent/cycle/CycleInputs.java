package com.trafikito.agent.cycle;

import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.ConfigProblem;
import com.trafikito.agent.config.CredentialsService;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistLoad;

/**
 * What a cycle needs before it calls the API, read afresh each cycle so that an owner's edit of the
 * config or the whitelist takes effect at the next cycle without a restart.
 */
@ApplicationScoped
public class CycleInputs {

    /**
     * @param whitelistRefusal why the whitelist file is refused as a whole, or null when it loaded
     */
    public record Loaded(ServerCredentials credentials, Whitelist whitelist, String whitelistRefusal) {
    }

    private final ApiGateway api;
    private final CredentialsService credentials;
    private final AgentPaths paths;

    @Inject
    public CycleInputs(ApiGateway api, CredentialsService credentials, AgentPaths paths) {
        this.api = api;
        this.credentials = credentials;
        this.paths = paths;
    }

    /** @throws ConfigProblem when the API URLs or the credentials are unusable */
    public Loaded load() throws ConfigProblem {
        api.edges();
        ServerCredentials creds = credentials.load();
        return WhitelistFile.load(paths.whitelist(), ProcessUser.currentUid()).fold(
                whitelist -> new Loaded(creds, whitelist, null),
                refusal -> new Loaded(creds, Whitelist.empty(), refusal));
    }

    /** The whitelist for a dry run: the installed one if there is one, else the bundled sample. */
    public WhitelistLoad loadForDryRun() {
        if (Files.exists(paths.whitelist())) {
            return WhitelistFile.load(paths.whitelist(), ProcessUser.currentUid());
        }
        return new WhitelistLoad.Loaded(WhitelistFile.loadBundledSample());
    }
}

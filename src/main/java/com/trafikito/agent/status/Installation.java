package com.trafikito.agent.status;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.CredentialsService;
import com.trafikito.agent.install.Existing;
import com.trafikito.agent.install.InstallException;
import com.trafikito.agent.install.InstallPaths;
import com.trafikito.agent.state.CycleFiles;
import com.trafikito.agent.state.StateStore;

/**
 * The installation in a base dir, which need not be this process's own: its paths, and readers of its config,
 * state and STOP file, all on that base dir.
 */
public record Installation(InstallPaths paths, AgentPaths files) {

    /** @throws InstallException (usage) for a base dir that install would refuse */
    public static Installation at(Path baseDir) throws InstallException {
        InstallPaths paths = InstallPaths.at(baseDir);
        return new Installation(paths, new AgentPaths(paths.baseDir()));
    }

    /** What the base dir holds; a config this user cannot read is left unread. */
    public Existing existing() throws InstallException {
        return Existing.inspectReadable(paths);
    }

    public CredentialsService credentials(AgentConfig config) {
        return new CredentialsService(config, files);
    }

    public StateStore state(ObjectMapper json) {
        return new StateStore(files, json);
    }

    public CycleFiles cycleFiles() {
        return new CycleFiles(files);
    }
}

package com.trafikito.agent.install;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The options of {@code agent install} (DESIGN.md, The command line). {@code userApiKey} is a secret: no
 * toString shows it.
 */
public record InstallOptions(Optional<String> userApiKey, Optional<String> workspaceId, Optional<String> serverName,
        Path baseDir, Optional<String> runAs, boolean noService, boolean reRegister, boolean yes) {

    @Override
    public String toString() {
        return "InstallOptions[baseDir=" + baseDir + ", workspaceId=" + workspaceId.orElse("") + ", runAs="
                + runAs.orElse("") + ", noService=" + noService + ", reRegister=" + reRegister + ", yes=" + yes + "]";
    }
}

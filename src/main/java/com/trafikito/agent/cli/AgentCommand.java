package com.trafikito.agent.cli;

import com.trafikito.agent.config.AgentVersion;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@TopCommand
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = "Trafikito server-monitoring agent: runs the commands whitelisted in available_commands.sh "
                + "when the API asks, and posts their output.",
        subcommands = { RunCommand.class, CheckCommand.class, InstallCommand.class, UninstallCommand.class,
                StatusCommand.class })
public class AgentCommand {

    static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { "trafikito-agent " + AgentVersion.current() };
        }
    }
}

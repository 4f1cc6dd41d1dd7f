package com.trafikito.agent.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "agent", mixinStandardHelpOptions = true, version = "dev")
public class AgentCommand {
}

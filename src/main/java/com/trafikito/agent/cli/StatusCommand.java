package com.trafikito.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.install.InstallException;
import com.trafikito.agent.status.StatusService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the installation, the service's state, the server id, the api key (masked), the last"
                + " cycle, a STOP and the whitelist's problems. Takes no lock: runs beside the service.")
public class StatusCommand implements Callable<Integer> {

    @Option(names = "--base-dir", paramLabel = "DIR", description = "The installation (default: agent.base-dir).")
    Path baseDir;

    @Inject
    StatusService status;

    @Inject
    AgentConfig config;

    @Override
    public Integer call() {
        try {
            status.status(baseDir != null ? baseDir : Path.of(config.baseDir())).forEach(System.out::println);
            System.out.flush();
            return 0;
        } catch (InstallException e) {
            System.err.println("agent status: " + e.getMessage());
            return e.exitCode();
        }
    }
}

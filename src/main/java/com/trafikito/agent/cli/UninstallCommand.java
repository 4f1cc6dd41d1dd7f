package com.trafikito.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.install.InstallException;
import com.trafikito.agent.install.Prompter;
import com.trafikito.agent.install.UninstallService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = { "Stop and remove the systemd service trafikito. The base dir stays unless --purge is given.",
                "Exit codes: 0 done; 1 failed or not confirmed; 2 usage (e.g. --purge without a terminal or --yes)." })
public class UninstallCommand implements Callable<Integer> {

    @Option(names = "--purge", description = "Also remove the base dir (config with the api key, whitelist, state)"
            + " and the system user trafikito, after a confirmation or --yes.")
    boolean purge;

    @Option(names = { "--yes", "-y" }, description = "Confirm --purge without asking.")
    boolean yes;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "The installation (default: agent.base-dir).")
    Path baseDir;

    @Inject
    UninstallService uninstaller;

    @Inject
    AgentConfig config;

    @Override
    public Integer call() {
        try {
            uninstaller.uninstall(baseDir != null ? baseDir : Path.of(config.baseDir()), purge, yes,
                    yes ? Prompter.none() : Prompter.console(), line -> System.err.println("agent uninstall: " + line));
            return 0;
        } catch (InstallException e) {
            System.err.println("agent uninstall: " + e.getMessage());
            return e.exitCode();
        }
    }
}

package com.trafikito.agent.cli;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.health.HealthAccess;
import com.trafikito.agent.status.InstallationCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate available_commands.sh and the config; print each problem with its file and line."
                + " Exit 0 when clean, 1 when not.")
public class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Inject
    InstallationCheck check;

    @Inject
    AgentPaths paths;

    @Inject
    HealthAccess health;

    @Override
    public Integer call() {
        InstallationCheck.Result result = check.run();
        var out = spec.commandLine().getOut();
        result.problems().forEach(problem -> out.println(problem.text()));
        if (result.clean()) {
            out.println("OK: " + paths.whitelist() + " has " + result.whitelistedCommands()
                    + " valid commands; the config is complete");
        }
        out.println("Health and metrics: " + health.describe());
        out.flush();
        return result.clean() ? 0 : 1;
    }
}

package com.trafikito.agent.install;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.commands.CommandSpec;
import com.trafikito.agent.cycle.Payload;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * Step 2 of registration (PROTOCOL.md 5.2): the 16 default commands, run here with the executor's limits, in a
 * payload whose delimiter lines name the command <em>line</em>, as the original installer sent it. The API
 * picks the initial whitelist from it. Unlike a cycle's payload it has no available-commands section.
 */
@ApplicationScoped
public class DefaultCommands {

    private final CommandExecutor executor;

    @Inject
    public DefaultCommands(CommandExecutor executor) {
        this.executor = executor;
    }

    public byte[] payload() {
        List<WhitelistEntry> defaults = WhitelistFile.loadBundledSample().effectiveEntries();
        List<CommandSpec> specs = defaults.stream().map(e -> new CommandSpec(e.name(), e.commandLine())).toList();
        return Payload.ofRegistration(defaults, executor.runAll(specs));
    }
}

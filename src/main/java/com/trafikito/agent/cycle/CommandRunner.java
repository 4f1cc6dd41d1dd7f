package com.trafikito.agent.cycle;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.commands.CommandResult;
import com.trafikito.agent.commands.CommandSpec;
import com.trafikito.agent.metrics.AgentMetrics;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;

/** Runs what a cycle asked for (or, for a dry run, the whole whitelist); {@link Payload} lays out the result. */
@ApplicationScoped
public class CommandRunner {

    private final CommandExecutor executor;
    private final AgentMetrics metrics;

    @Inject
    public CommandRunner(CommandExecutor executor, AgentMetrics metrics) {
        this.executor = executor;
        this.metrics = metrics;
    }

    public byte[] payload(List<String> runnable, List<String> overCap, Whitelist whitelist) {
        List<CommandSelection.Slot> slots = CommandSelection.select(runnable, overCap, whitelist);
        List<CommandSpec> specs = slots.stream().filter(CommandSelection.Slot::runs)
                .map(CommandSelection.Slot::command).toList();
        List<CommandResult> results = metrics.commandsRan(executor.runAll(specs));
        return Payload.ofCycle(slots, results, whitelist);
    }

    /** Every whitelisted command, in the file's order: what {@code agent run --once --dry-run} prints. */
    public byte[] dryRunPayload(Whitelist whitelist) {
        List<String> names = whitelist.effectiveEntries().stream()
                .map(entry -> entry.name().substring(WhitelistEntry.PREFIX.length())).toList();
        return payload(names, List.of(), whitelist);
    }
}

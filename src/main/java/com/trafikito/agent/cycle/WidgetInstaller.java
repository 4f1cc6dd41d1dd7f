package com.trafikito.agent.cycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.api.ApiGateway;
import com.trafikito.agent.api.ApiResult;
import com.trafikito.agent.commands.CommandExecutor;
import com.trafikito.agent.commands.CommandSpec;
import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.state.VarDir;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistLoad;
import com.trafikito.agent.whitelist.WhitelistParser;

/**
 * Widgets (PROTOCOL.md section 4): commands pushed by the dashboard. Off unless the machine's owner sets
 * {@code agent.widgets.install=true}, since they let whoever controls the dashboard run commands here.
 * When on, widget lines live in {@code var/widget_commands.sh}; the owner's {@code available_commands.sh}
 * is never written, and an owner's line of the same name wins.
 */
@ApplicationScoped
public class WidgetInstaller {

    private static final Logger LOG = Logger.getLogger(WidgetInstaller.class);

    private final AgentConfig config;
    private final AgentPaths paths;
    private final ApiGateway api;
    private final ErrorFeedback errors;
    private final CommandExecutor executor;
    private final VarDir var;

    public WidgetInstaller(AgentConfig config, AgentPaths paths, ApiGateway api, ErrorFeedback errors,
            CommandExecutor executor) {
        this(config, paths, api, errors, executor, new VarDir(paths));
    }
    private volatile String widgetFileRefusal;

    @Inject
    public WidgetInstaller(AgentConfig config, AgentPaths paths, ApiGateway api, ErrorFeedback errors,
            CommandExecutor executor, VarDir var) {
        this.config = config;
        this.paths = paths;
        this.api = api;
        this.errors = errors;
        this.executor = executor;
        this.var = var;
    }

    public boolean enabled() {
        return config.widgets().install();
    }

    /**
     * The owner's whitelist, followed by the widget lines when widgets are on and {@code var/widget_commands.sh}
     * passes the whitelist's checks; a refused widget file drops the widget lines only (error 102).
     */
    public Whitelist effective(ServerCredentials credentials, Whitelist owner) {
        if (!enabled()) {
            return owner;
        }
        WhitelistLoad load = loadWidgetFile();
        if (load instanceof WhitelistLoad.Refused refused) {
            widgetFileRefusal = refused.reason();
            errors.report(credentials, ErrorCode.WIDGET, null, refused.reason() + "; widget lines are not used");
            return owner;
        }
        widgetFileRefusal = null;
        return owner.withFallback(((WhitelistLoad.Loaded) load).whitelist());
    }

    /** Why {@code var/widget_commands.sh} is refused, for {@code agent check}; empty when widgets are off. */
    public Optional<String> widgetFileProblem() {
        return enabled() ? widgetFileProblem(paths.widgetCommands(), ProcessUser.currentUid()) : Optional.empty();
    }

    /** Why the widget file would be refused for the agent's user {@code uid}; empty when it is fine or absent. */
    public static Optional<String> widgetFileProblem(Path file, long uid) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return WhitelistFile.load(file, uid) instanceof WhitelistLoad.Refused refused
                ? Optional.of(refused.reason()) : Optional.empty();
    }

    /** Handles the widget ids of a fresh (not cached) answer. */
    public void handle(ServerCredentials credentials, List<String> widgetIds, Whitelist owner) {
        if (widgetIds.isEmpty()) {
            if (widgetFileRefusal == null) {
                errors.clear(ErrorCode.WIDGET);
            }
            return;
        }
        if (!enabled()) {
            LOG.warnf("the API asks to install widgets %s; refused: agent.widgets.install is false",
                    Printable.line(String.join(",", widgetIds)));
            errors.report(credentials, ErrorCode.WIDGET, ErrorCode.WIDGET_INSTALL_DISABLED,
                    "widget ids: " + String.join(",", widgetIds));
            return;
        }
        for (String widgetId : widgetIds) {
            install(credentials, widgetId, owner);
        }
    }

    private void install(ServerCredentials credentials, String widgetId, Whitelist owner) {
        ApiResult answer = api.widgetCommand(widgetId);
        if (!(answer instanceof ApiResult.Answer text)) {
            LOG.warnf("widget %s: get-command failed: %s", Printable.line(widgetId), answer.describe());
            return;
        }
        String line = text.text().strip();
        Optional<WhitelistEntry> entry = line.contains("\n") ? Optional.empty() : WhitelistParser.parseEntry(line);
        if (entry.isEmpty()) {
            errors.report(credentials, ErrorCode.WIDGET, null, "widget " + widgetId + ": " + line);
            return;
        }
        WhitelistEntry widget = entry.get();
        if (!keep(credentials, widget)) {
            return;
        }
        WhitelistEntry toRun = owner.find(widget.name()).orElse(widget);
        if (toRun != widget) {
            LOG.warnf("widget %s: %s is also in available_commands.sh; the owner's line runs", Printable.line(widgetId),
                    widget.name());
        }
        byte[] output = executor.runAll(List.of(new CommandSpec(toRun.name(), toRun.commandLine()))).get(0).output();
        byte[] payload = Payload.section(widget.name(), output);
        ApiResult installed = api.widgetInstall(credentials, widgetId, widget.name(), payload);
        if (installed instanceof ApiResult.Answer) {
            // Not a clear of error 102: only an answer with no widgets clears it (PROTOCOL.md), so widgets
            // [bad1, good, bad2] report it once, not once per bad widget.
            LOG.infof("widget %s installed as %s", Printable.line(widgetId), widget.name());
        } else {
            LOG.warnf("widget %s: install failed: %s", Printable.line(widgetId), installed.describe());
        }
    }

    /** Adds or replaces the widget's line in {@code var/widget_commands.sh}. */
    private boolean keep(ServerCredentials credentials, WhitelistEntry widget) {
        WhitelistLoad load = loadWidgetFile();
        if (load instanceof WhitelistLoad.Refused refused) {
            errors.report(credentials, ErrorCode.WIDGET, null, refused.reason() + "; widget not installed");
            return false;
        }
        List<String> lines = new ArrayList<>();
        for (WhitelistEntry existing : ((WhitelistLoad.Loaded) load).whitelist().entries()) {
            if (!existing.name().equals(widget.name())) {
                lines.add(existing.line());
            }
        }
        lines.add(widget.line());
        try {
            var.write(paths.widgetCommands(), String.join("\n", lines) + "\n");
            return true;
        } catch (IOException e) {
            LOG.warnf("cannot write %s: %s; widget not installed", paths.widgetCommands(), IoReason.of(e));
            return false;
        }
    }

    /** The widget file, checked exactly like {@code available_commands.sh}; a missing file has no lines. */
    private WhitelistLoad loadWidgetFile() {
        if (!Files.exists(paths.widgetCommands(), LinkOption.NOFOLLOW_LINKS)) {
            return new WhitelistLoad.Loaded(Whitelist.empty());
        }
        return WhitelistFile.load(paths.widgetCommands(), ProcessUser.currentUid());
    }
}

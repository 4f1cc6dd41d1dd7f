package com.trafikito.agent.cycle;

import java.io.IOException;
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
import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.config.ServerCredentials;
import com.trafikito.agent.text.Printable;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistLoad;
import com.trafikito.agent.whitelist.WhitelistParser;

/**
 * Widgets (PROTOCOL.md section 4): commands pushed by the dashboard. Off unless the machine's owner sets
 * {@code agent.widgets.install=true}, since they let whoever controls the dashboard run commands here.
 * When on, widget lines live in the {@link WidgetStore}; the owner's {@code available_commands.sh} is never
 * written, and an owner's line of the same name wins. This class is the policy and the flow: whether a widget
 * may be installed, fetching and checking its line, running it, sending its output, and error 102.
 */
@ApplicationScoped
public class WidgetInstaller {

    private static final Logger LOG = Logger.getLogger(WidgetInstaller.class);

    private final AgentConfig config;
    private final WidgetStore store;
    private final ApiGateway api;
    private final ErrorFeedback errors;
    private final CommandExecutor executor;
    private volatile String widgetFileRefusal;

    @Inject
    public WidgetInstaller(AgentConfig config, WidgetStore store, ApiGateway api, ErrorFeedback errors,
            CommandExecutor executor) {
        this.config = config;
        this.store = store;
        this.api = api;
        this.errors = errors;
        this.executor = executor;
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
        return store.load().fold(widgets -> {
            widgetFileRefusal = null;
            return owner.withFallback(widgets);
        }, refusal -> {
            widgetFileRefusal = refusal;
            errors.report(credentials, ErrorCode.WIDGET, null, refusal + "; widget lines are not used");
            return owner;
        });
    }

    /** Why {@code var/widget_commands.sh} is refused, for {@code agent check}; empty when widgets are off. */
    public Optional<String> widgetFileProblem() {
        return enabled() ? store.problem() : Optional.empty();
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
        Optional<WhitelistEntry> entry = WhitelistParser.parseEntry(line);
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
        byte[] payload = Payload.section(widget.name(), run(toRun));
        ApiResult installed = api.widgetInstall(credentials, widgetId, widget.name(), payload);
        if (installed instanceof ApiResult.Answer) {
            // Not a clear of error 102: only an answer with no widgets clears it (PROTOCOL.md), so widgets
            // [bad1, good, bad2] report it once, not once per bad widget.
            LOG.infof("widget %s installed as %s", Printable.line(widgetId), widget.name());
        } else {
            LOG.warnf("widget %s: install failed: %s", Printable.line(widgetId), installed.describe());
        }
    }

    /** Adds or replaces the widget's line in the store; false (and said) when it is not kept. */
    private boolean keep(ServerCredentials credentials, WhitelistEntry widget) {
        WhitelistLoad judged;
        try {
            judged = store.keep(widget);
        } catch (IOException e) {
            LOG.warnf("cannot write %s: %s; widget not installed", store.path(), IoReason.of(e));
            return false;
        }
        return judged.fold(written -> true, refusal -> {
            errors.report(credentials, ErrorCode.WIDGET, null, refusal + "; widget not installed");
            return false;
        });
    }

    private byte[] run(WhitelistEntry command) {
        return executor.runAll(List.of(new CommandSpec(command.name(), command.commandLine()))).get(0).output();
    }
}

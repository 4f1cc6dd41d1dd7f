package com.trafikito.agent.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.status.InstallationCheck;
import com.trafikito.agent.state.AgentState;
import com.trafikito.agent.state.CycleFiles;
import com.trafikito.agent.text.Printable;

/**
 * Before the daemon's first cycle: readiness must already tell a broken config or a STOP, and the log must
 * say what to fix. The daemon keeps running either way: the owner's fix is picked up at the next cycle.
 */
@ApplicationScoped
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    private final InstallationCheck check;
    private final AgentState state;
    private final CycleFiles files;
    private final AgentConfig config;

    @Inject
    public StartupCheck(InstallationCheck check, AgentState state, CycleFiles files, AgentConfig config) {
        this.check = check;
        this.state = state;
        this.files = files;
        this.config = config;
    }

    public void run() {
        InstallationCheck.Result result = check.run();
        result.problems().forEach(problem -> LOG.warn(Printable.line(problem.text(), 400)));
        state.configProblem(result.firstFatal().map(InstallationCheck.Problem::text).orElse(null));
        files.stopAnswer().ifPresent(answer -> {
            state.stopReason(answer);
            LOG.warnf("STOPped by the API (%s): no API calls until %s is deleted", Printable.line(answer), files.stopPath());
        });
        if (config.widgets().install()) {
            LOG.warn("agent.widgets.install=true: commands pushed from the dashboard (widgets) are added to"
                    + " var/widget_commands.sh and run on this machine");
        }
    }
}

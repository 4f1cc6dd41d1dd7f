package com.trafikito.agent.install;

import java.util.ArrayList;
import java.util.List;

import com.trafikito.agent.config.ServerCredentials;

/** The closing lines of install: how to control, check and uninstall what was installed. */
final class NextSteps {

    private NextSteps() {
    }

    static List<String> of(InstallPlan plan, ServerCredentials server) {
        String agent = plan.paths().launcher().toString();
        List<String[]> commands = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add("Installed in " + plan.paths().baseDir() + " for server id " + server.serverId() + ".");
        if (plan.service()) {
            lines.add("The agent runs as the systemd service trafikito (user " + plan.runAs() + "):");
            commands.add(new String[] { "systemctl status trafikito", "is it running?" });
            commands.add(new String[] { "journalctl -u trafikito -f", "its log" });
            commands.add(new String[] { "systemctl restart trafikito", "after changing etc/agent.properties or etc/jvm.options" });
        } else {
            lines.add("No service was set up. Start the agent by hand" + userHint(plan) + ":");
            commands.add(new String[] { agent + " run --once", "one cycle now, to check the set-up" });
            commands.add(new String[] { agent + " run", "the agent, until SIGTERM (Ctrl-C), e.g. under your own supervisor" });
            commands.add(new String[] { agent + " install --print-service", "the systemd unit, for later" });
        }
        commands.add(new String[] { agent + " status", "installation, service, last cycle" });
        commands.add(new String[] { agent + " check", "problems of available_commands.sh and the config" });
        int width = commands.stream().mapToInt(c -> c[0].length()).max().orElse(0);
        commands.forEach(c -> lines.add("  " + c[0] + " ".repeat(width - c[0].length() + 3) + c[1]));
        lines.add("Only the commands of " + plan.paths().whitelist() + " can ever run: review it, and edit it to add or"
                + " remove commands (no restart needed).");
        lines.add("Uninstall: " + agent + " uninstall (keeps the files), or " + agent
                + " uninstall --purge (removes " + plan.paths().baseDir() + " too)");
        return lines;
    }

    private static String userHint(InstallPlan plan) {
        if (!plan.root()) {
            return "";
        }
        return plan.runAsAccount().filter(account -> !account.isRoot())
                .map(account -> " as " + plan.runAs() + " (sudo -u " + plan.runAs() + " ...)")
                .orElse(" (as root: the user " + plan.runAs() + " does not exist yet)");
    }
}

package com.trafikito.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The files of an installation (DESIGN.md, Base dir), all under {@code agent.base-dir}. */
@ApplicationScoped
public class AgentPaths {

    private final Path baseDir;

    @Inject
    public AgentPaths(AgentConfig config) {
        this(Path.of(config.baseDir()));
    }

    public AgentPaths(Path baseDir) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path whitelist() {
        return baseDir.resolve("available_commands.sh");
    }

    public Path etcDir() {
        return baseDir.resolve("etc");
    }

    /** The shell agent's {@code etc/trafikito.cfg}. */
    public Path cfgFile() {
        return etcDir().resolve("trafikito.cfg");
    }

    /** The older README's {@code etc/trafikito.conf}, read when there is no {@code trafikito.cfg}. */
    public Path confFile() {
        return etcDir().resolve("trafikito.conf");
    }

    /** {@code etc/trafikito.cfg}, or the older {@code etc/trafikito.conf} when there is no {@code .cfg}. */
    public Path credentialsFile() {
        Path cfg = cfgFile();
        Path conf = confFile();
        return !Files.exists(cfg) && Files.exists(conf) ? conf : cfg;
    }

    public Path varDir() {
        return baseDir.resolve("var");
    }

    public Path stopFile() {
        return varDir().resolve("STOP");
    }

    public Path lastConfig() {
        return varDir().resolve("last_config.tmp");
    }

    public Path stateFile() {
        return varDir().resolve("state");
    }

    /** While the daemon runs without its health port: why (for {@code agent status}). */
    public Path healthPortProblem() {
        return varDir().resolve("health-port");
    }

    /** Widget lines the dashboard pushed (when the owner allows widgets): never the owner's whitelist. */
    public Path widgetCommands() {
        return varDir().resolve("widget_commands.sh");
    }

    public Path errorRecord(int code) {
        return varDir().resolve("error-" + code);
    }
}

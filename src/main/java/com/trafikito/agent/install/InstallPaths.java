package com.trafikito.agent.install;

import java.nio.file.Path;
import java.util.regex.Pattern;

import com.trafikito.agent.config.AgentPaths;

/** The files install writes in a base dir (DESIGN.md, Base dir), and which base dirs it accepts. */
public record InstallPaths(Path baseDir) {

    /**
     * The base dir goes into the unit (where spaces, {@code %} and quotes have meanings) and into the launcher:
     * keeping to these characters means no quoting can ever go wrong.
     */
    private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9._/+@-]+");

    public Path launcher() {
        return baseDir.resolve("agent");
    }

    public Path libDir() {
        return baseDir.resolve("lib");
    }

    public Path appDir() {
        return baseDir.resolve(Launcher.APP_DIR);
    }

    /** The Java runtime of the distribution archive, when install came from it. */
    public Path runtimeDir() {
        return baseDir.resolve(Launcher.RUNTIME_DIR);
    }

    public Path whitelist() {
        return layout().whitelist();
    }

    public Path etcDir() {
        return layout().etcDir();
    }

    public Path cfg() {
        return layout().cfgFile();
    }

    /** The older README's name, read when there is no {@code trafikito.cfg}. */
    public Path conf() {
        return layout().confFile();
    }

    public Path properties() {
        return etcDir().resolve("agent.properties");
    }

    public Path jvmOptions() {
        return etcDir().resolve("jvm.options");
    }

    /** Copies of a replaced shell-agent service (unit or init script), kept on a takeover. */
    public Path replacedServiceDir() {
        return etcDir().resolve("replaced-service");
    }

    public Path varDir() {
        return layout().varDir();
    }

    public Path stopFile() {
        return layout().stopFile();
    }

    public Path lastConfig() {
        return layout().lastConfig();
    }

    /** The files the running agent uses: one definition of the layout for both. */
    private AgentPaths layout() {
        return new AgentPaths(baseDir);
    }

    /** The paths of a base dir (made absolute) that install, uninstall and status accept. */
    public static InstallPaths at(Path baseDir) throws InstallException {
        Path absolute = baseDir.toAbsolutePath();
        String problem = problem(absolute);
        if (problem != null) {
            throw InstallException.usage(problem);
        }
        return new InstallPaths(absolute);
    }

    /** Why a base dir is refused, or null when it is fine. */
    public static String problem(Path baseDir) {
        String path = baseDir.toString();
        if (!baseDir.isAbsolute()) {
            return "the base dir must be an absolute path, not " + path;
        }
        if (!baseDir.normalize().equals(baseDir) || path.contains("/./") || path.contains("/../")) {
            return "the base dir must be a plain path without . or .. parts: " + path;
        }
        if (baseDir.getNameCount() == 0) {
            return "the base dir cannot be /";
        }
        if (!SAFE.matcher(path).matches()) {
            return "the base dir may only use letters, digits and . _ / + @ - (it goes into the systemd unit): " + path;
        }
        return null;
    }
}

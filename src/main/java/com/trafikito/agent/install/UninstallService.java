package com.trafikito.agent.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.config.IoReason;
import com.trafikito.agent.host.FileOps;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.HostException;
import com.trafikito.agent.host.ServiceManager;

/**
 * {@code agent uninstall}: stops and removes the service; with {@code --purge}, also the base dir (after a
 * yes). Every refusal comes before the first change, so a refused uninstall changes nothing.
 */
@ApplicationScoped
public class UninstallService {

    private final ServiceManager services;
    private final Host host;

    @Inject
    public UninstallService(ServiceManager services, Host host) {
        this.services = services;
        this.host = host;
    }

    public void uninstall(Path baseDir, boolean purge, boolean yes, Prompter prompter, Consumer<String> say)
            throws InstallException {
        InstallPaths paths = InstallPaths.at(baseDir);
        Existing existing = Existing.inspect(paths);
        boolean unit = Files.exists(services.unitPath());
        if (unit && !host.isRoot()) {
            throw InstallException.usage("removing the service " + services.unitPath() + " needs root: run it with sudo");
        }
        if (purge) {
            checkPurge(paths, existing, yes, prompter);
        }
        try {
            if (unit) {
                services.removeUnit(say);
            } else {
                say.accept("no systemd unit " + services.unitPath() + " to remove");
            }
            services.oldServices().forEach(old -> say.accept("left alone " + old.describe()
                    + " (not written by this agent)"));
            Path dropIns = services.dropInDir();
            boolean hasDropIns = Files.exists(dropIns, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!purge) {
                if (existing.kind() == Existing.Kind.INSTALLATION) {
                    say.accept("kept " + paths.baseDir() + " (config with the server id, whitelist, state): `agent"
                            + " install` resumes with the same server; `agent uninstall --purge` removes it");
                }
                if (hasDropIns) {
                    say.accept("kept the drop-ins of " + dropIns + " (your local changes): a later install uses them;"
                            + " `agent uninstall --purge` removes them");
                }
                return;
            }
            if (hasDropIns) {
                FileOps.deleteTree(dropIns);
                say.accept("removed " + dropIns + " (the unit's drop-ins), so that a later install does not inherit them");
                if (host.systemdRunning()) {
                    services.daemonReload();
                }
            }
            removeUser(existing, say);
            // Last: the agent running this may be the installed one, whose Java runtime is in the base dir.
            if (existing.kind() == Existing.Kind.INSTALLATION) {
                FileOps.deleteTree(paths.baseDir());
                say.accept("removed " + paths.baseDir());
            }
            say.accept("the server stays in the Trafikito dashboard: remove it there if it is gone for good");
        } catch (HostException e) {
            throw InstallException.failed(e);
        } catch (IOException e) {
            throw InstallException.failed("uninstall failed: " + e.getClass().getSimpleName() + " " + IoReason.of(e));
        }
    }

    private static void checkPurge(InstallPaths paths, Existing existing, boolean yes, Prompter prompter)
            throws InstallException {
        if (existing.kind() == Existing.Kind.FOREIGN) {
            throw InstallException.usage(paths.baseDir() + " is not an installation of the agent: --purge does not"
                    + " remove it");
        }
        if (existing.kind() == Existing.Kind.NONE || yes) {
            return;
        }
        if (!prompter.interactive()) {
            throw InstallException.usage("--purge removes " + paths.baseDir() + " with the server's api key, the"
                    + " whitelist and the state; with no terminal to confirm on, add --yes. Nothing was changed.");
        }
        if (!prompter.confirm("Remove " + paths.baseDir() + " and everything in it (api key, whitelist, state)?")) {
            throw InstallException.failed("not confirmed: nothing was changed");
        }
    }

    /** The dedicated user install created goes with a purge; any other user (nobody, root, --run-as) stays. */
    private void removeUser(Existing existing, Consumer<String> say) throws HostException {
        Optional<String> runAs = existing.value(CfgText.RUNAS);
        if (!host.isRoot() || !runAs.equals(Optional.of(Host.DEFAULT_USER))) {
            return;
        }
        if (host.account(Host.DEFAULT_USER).isPresent()) {
            host.deleteUser(Host.DEFAULT_USER);
            say.accept("removed the system user " + Host.DEFAULT_USER);
        }
    }
}

package com.trafikito.agent.install;

import java.util.List;
import java.util.Optional;

import com.trafikito.agent.host.FileOps;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.OldService;

/**
 * Everything install decided before it changes anything: all checks, questions and refusals happen while
 * making the plan, so that a refusal leaves the machine untouched.
 *
 * @param service      whether to set up the systemd unit (root, systemd, no --no-service)
 * @param runAs        the service user
 * @param runAsAccount that user's account, when it exists already
 * @param createUser   whether to create {@code runAs} (the default user, missing, in service mode)
 * @param registration present when the server is to be registered (no server id yet, or --re-register)
 * @param oldServices  the shell agent's services to stop and remove (service mode; confirmed)
 * @param notes        what the user should know about the plan (why no service, a root service user...)
 */
public record InstallPlan(InstallPaths paths, Existing existing, boolean root, boolean service, String runAs,
        Optional<Host.Account> runAsAccount, boolean createUser, Optional<Registration.Account> registration,
        boolean reRegister, Distribution.Source distribution, List<OldService> oldServices, List<String> notes) {

    /** The owner of files the service user needs (var/, the config); none (whoever runs install) without root. */
    public Optional<FileOps.Owner> serviceOwner() {
        return root ? runAsAccount.map(account -> new FileOps.Owner(account.uid(), account.gid())) : Optional.empty();
    }

    public InstallPlan withAccount(Host.Account account) {
        return new InstallPlan(paths, existing, root, service, runAs, Optional.of(account), false, registration,
                reRegister, distribution, oldServices, notes);
    }
}

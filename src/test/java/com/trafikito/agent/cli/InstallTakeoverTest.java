package com.trafikito.agent.cli;

import static com.trafikito.agent.cli.InstallTesting.SHELL_WHITELIST;
import static com.trafikito.agent.cli.InstallTesting.mode;
import static com.trafikito.agent.cli.InstallTesting.read;
import static com.trafikito.agent.cli.InstallTesting.shellAgentBaseDir;
import static com.trafikito.agent.cli.InstallTesting.uid;
import static com.trafikito.agent.cli.InstallTesting.write;
import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeHost;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent install} on the original shell agent's base dir: taken over in place, its service replaced. */
@QuarkusMainTest
class InstallTakeoverTest extends OnFakeHost {

    static final String CFG = """
            export RUNAS="nobody"
            export USER_API_KEY="uak-old-0123456789"
            export WORKSPACE_ID="ws-7"
            export SERVER_NAME="old-name"
            export TMP_FILE="/opt/trafikito/var/trafikito.tmp"
            export SERVER_ID="srv-shell-1"
            export API_KEY="shell-key-0123456789"
            """;
    static final String CONF = """
            server_id = srv-conf-1
            api_key = conf-key-0123456789
            tmp_file = /opt/trafikito/var/trafikito.tmp
            url_output = https://api.trafikito.com/v1/agent/output
            """;
    static final String SYSV_SCRIPT = "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: trafikito\n### END INIT INFO\n";

    @Test
    void replacingTheOldServiceNeedsAYesAndNothingChangesWithoutIt(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-rw-r--");
        write(host.initDir().resolve("trafikito"), SYSV_SCRIPT, "rwxr-xr-x");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("found the SysV init script " + host.initDir().resolve("trafikito"),
                "Re-run with --yes");
        assertThat(host.changes()).isEmpty();
        assertThat(mode(base.resolve("available_commands.sh"))).isEqualTo("rw-rw-r--");
        assertThat(base.resolve("agent")).doesNotExist();
    }

    @Test
    void takesOverTheCfgFormAndReplacesTheSysvScript(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-rw-r--");
        write(host.initDir().resolve("trafikito"), SYSV_SCRIPT, "rwxr-xr-x");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(FakeApi.server().getAllServeEvents()).as("the server id is kept: no registration").isEmpty();
        assertThat(read(base.resolve("etc/trafikito.cfg"))).isEqualTo(CFG);
        assertThat(read(base.resolve("available_commands.sh"))).isEqualTo(SHELL_WHITELIST);
        assertThat(read(base.resolve("var/trafikito.tmp"))).isEqualTo("last payload\n");
        assertThat(base.resolve("trafikito")).as("the old scripts are not deleted").exists();
        assertThat(mode(base.resolve("available_commands.sh"))).isEqualTo("rw-r--r--");
        assertThat(mode(base.resolve("etc/trafikito.cfg"))).isEqualTo("rw-------");
        assertThat(uid(base.resolve("etc/trafikito.cfg"))).isEqualTo(host.nobodyUid());
        assertThat(uid(base.resolve("var/trafikito.tmp"))).isEqualTo(host.nobodyUid());
        assertThat(result.getErrorOutput()).contains(
                "found an installation of the original shell agent in " + base + " (trafikito, uninstall.sh, lib/trafikito_wrapper.sh",
                "tightened " + base + "/available_commands.sh from rw-rw-r-- to rw-r--r--",
                "tightened " + base + "/etc/trafikito.cfg from rw-r--r-- to rw-------",
                "stopped and removed the SysV init script");
        assertThat(result.getErrorOutput()).as("no \"kept as it is\" for what is then tightened")
                .doesNotContain("kept " + base + "/available_commands.sh as it is", "kept " + base + "/etc/trafikito.cfg as it is");
        assertThat(host.initDir().resolve("trafikito")).doesNotExist();
        assertThat(read(base.resolve("etc/replaced-service/trafikito"))).isEqualTo(SYSV_SCRIPT);
        assertThat(host.changes()).containsExactly("service trafikito stop", "update-rc.d -f trafikito remove",
                "systemctl daemon-reload", "systemctl enable trafikito.service", "systemctl restart trafikito.service");
        assertThat(read(host.unitFile())).contains("User=nobody\n", "ExecStart=" + base + "/agent run\n");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("shell-key-0123456789")
                .doesNotContain("uak-old-0123456789");
    }

    @Test
    void takesOverTheConfFormAndReplacesTheShellAgentsSystemdUnit(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.conf", CONF, "rw-r--r--");
        String oldUnit = "[Unit]\nDescription=Trafikito Agent\n[Service]\nType=simple\nExecStart=" + base
                + "/lib/trafikito_wrapper.sh srv-conf-1 " + base + "\nUser=nobody\n";
        write(host.unitFile(), oldUnit, "rw-r--r--");
        host.setActive(true);

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(read(base.resolve("etc/trafikito.conf"))).isEqualTo(CONF);
        assertThat(base.resolve("etc/trafikito.cfg")).doesNotExist();
        assertThat(read(base.resolve("etc/replaced-service/trafikito.service"))).isEqualTo(oldUnit);
        assertThat(read(host.unitFile())).contains("User=trafikito\n");
        assertThat(host.changes()).containsExactly(
                "useradd --system --user-group --no-create-home --home-dir " + base + "/var --shell "
                        + host.calls().stream().filter(c -> c.startsWith("useradd")).findFirst().orElseThrow()
                                .replaceFirst(".* --shell (\\S+) .*", "$1")
                        + " --comment Trafikito agent trafikito",
                "systemctl stop trafikito.service", "systemctl disable trafikito.service",
                "systemctl daemon-reload", "systemctl enable trafikito.service", "systemctl restart trafikito.service");
        assertThat(uid(base.resolve("var/cycle_delay"))).isEqualTo(host.newUid());
        assertThat(host.isActive()).isTrue();
    }

    @Test
    void takesOverAnOpenrcScript(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.cfg", CFG, "rw-r--r--");
        write(host.initDir().resolve("trafikito"), "#!/sbin/openrc-run\ncommand=/opt/trafikito/trafikito\n", "rwxr-xr-x");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(host.changes()).startsWith("rc-service trafikito stop", "rc-update -a del trafikito");
        assertThat(result.getErrorOutput()).contains("stopped and removed the OpenRC script");
    }

    @Test
    void aRootServiceUserIsKeptWithAWarningAndTheWayOut(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.cfg", CFG.replace("RUNAS=\"nobody\"", "RUNAS=\"root\""), "rw-r--r--");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(read(host.unitFile())).contains("User=root\n");
        assertThat(result.getErrorOutput()).contains("WARNING: the service runs as root",
                "every whitelisted command runs as root", base + "/agent install --run-as trafikito --yes");
    }

    @Test
    void runAsMovesTheServiceToAnotherUser(QuarkusMainLauncher launcher) {
        shellAgentBaseDir(base, "trafikito.cfg", CFG.replace("RUNAS=\"nobody\"", "RUNAS=\"root\""), "rw-r--r--");

        LaunchResult result = launcher.launch("install", "--base-dir", base.toString(), "--run-as", "trafikito", "--yes");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(read(host.unitFile())).contains("User=trafikito\n");
        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export RUNAS=\"trafikito\"")
                .contains("export TMP_FILE=\"/opt/trafikito/var/trafikito.tmp\"");
        assertThat(result.getErrorOutput()).contains("updated " + base + "/etc/trafikito.cfg: set RUNAS (other lines kept)")
                .doesNotContain("WARNING: the service runs as root");
        assertThat(uid(base.resolve("etc/trafikito.cfg"))).isEqualTo(host.newUid());
    }
}

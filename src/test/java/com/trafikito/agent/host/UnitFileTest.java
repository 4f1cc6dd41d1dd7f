package com.trafikito.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated unit: its options, and what systemd's own tools say about it. */
class UnitFileTest {

    static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path dir;

    @Test
    void theServiceRunsTheAgentAsItsUserAndRestartsOnlyOnFailure() {
        String unit = UnitFile.render(Path.of("/opt/trafikito"), "trafikito", "1.2.3");

        assertThat(unit).startsWith(UnitFile.MARKER + " (version 1.2.3)\n").contains(
                "Type=exec\n", "User=trafikito\n", "ExecStart=/opt/trafikito/agent run\n",
                "WorkingDirectory=/opt/trafikito/var\n", "Environment=AGENT_BASE_DIR=/opt/trafikito\n",
                "Restart=on-failure\n", "RestartSec=10s\n", "SuccessExitStatus=143\n", "KillMode=mixed\n",
                "SyslogIdentifier=trafikito\n", "UMask=0077\n",
                "WantedBy=multi-user.target\n");
    }

    @Test
    void hardeningLeavesOnlyVarWritableAndNoCapabilities() {
        String unit = UnitFile.render(Path.of("/opt/trafikito"), "trafikito", "1");

        assertThat(unit).contains("NoNewPrivileges=yes\n", "ProtectSystem=strict\n",
                "ReadWritePaths=/opt/trafikito/var\n", "ProtectHome=read-only\n", "PrivateTmp=yes\n",
                "PrivateDevices=yes\n", "ProtectKernelTunables=yes\n", "ProtectKernelModules=yes\n",
                "ProtectKernelLogs=yes\n", "ProtectControlGroups=yes\n", "ProtectClock=yes\n", "ProtectHostname=yes\n",
                "RestrictSUIDSGID=yes\n", "LockPersonality=yes\n", "RestrictRealtime=yes\n", "RestrictNamespaces=yes\n",
                "SystemCallArchitectures=native\n", "SystemCallFilter=@system-service\n", "CapabilityBoundingSet=\n",
                "AmbientCapabilities=\n", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK\n");
        // The JIT needs writable executable memory; ps, top and lsof need the whole /proc.
        assertThat(unit.lines().filter(l -> !l.startsWith("#"))).noneMatch(l -> l.startsWith("MemoryDenyWriteExecute=")
                || l.startsWith("ProtectProc=") || l.startsWith("ProcSubset=") || l.startsWith("PrivateUsers=")
                || l.startsWith("PrivateNetwork="));
    }

    @Test
    void systemdAnalyzeVerifyFindsNothingToSay() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE),
                "systemd-analyze is not installed (Debian package systemd; .ci/run installs it): unit not verified");
        Path unit = writeUnitWithExistingAgent();

        Result result = run(SYSTEMD_ANALYZE.toString(), "verify", unit.toString());

        assertThat(result.exit()).as(result.output()).isZero();
        // verify exits 0 even for unknown keys and bad values: it only warns. No warning is the bar.
        assertThat(result.output()).isEmpty();
    }

    @Test
    void exposureScoreIsThreeOrLower() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE),
                "systemd-analyze is not installed (Debian package systemd; .ci/run installs it): score not measured");
        Path unit = writeUnitWithExistingAgent();

        Result result = run(SYSTEMD_ANALYZE.toString(), "security", "--offline=yes", "--no-pager", unit.toString());

        Matcher m = Pattern.compile("Overall exposure level for trafikito.service: (\\d+\\.\\d)").matcher(result.output());
        assertThat(m.find()).as(result.output()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThanOrEqualTo(3.0);
    }

    /** verify checks that ExecStart's program exists and is executable: give it a base dir that has one. */
    private Path writeUnitWithExistingAgent() throws IOException {
        Path base = dir.resolve("trafikito");
        Files.createDirectories(base.resolve("var"));
        Files.writeString(base.resolve("agent"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(base.resolve("agent"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = dir.resolve(UnitFile.NAME);
        Files.writeString(unit, UnitFile.render(base, "trafikito", "test"), StandardCharsets.UTF_8);
        return unit;
    }

    record Result(int exit, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}

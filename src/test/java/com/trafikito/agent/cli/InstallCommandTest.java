package com.trafikito.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.trafikito.agent.cli.InstallTesting.API_KEY;
import static com.trafikito.agent.cli.InstallTesting.REGISTERED;
import static com.trafikito.agent.cli.InstallTesting.SERVER_ID;
import static com.trafikito.agent.cli.InstallTesting.USER_API_KEY;
import static com.trafikito.agent.cli.InstallTesting.WORKSPACE;
import static com.trafikito.agent.cli.InstallTesting.apiAnswers;
import static com.trafikito.agent.cli.InstallTesting.installArgs;
import static com.trafikito.agent.cli.InstallTesting.mode;
import static com.trafikito.agent.cli.InstallTesting.read;
import static com.trafikito.agent.cli.InstallTesting.requests;
import static com.trafikito.agent.cli.InstallTesting.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.host.UnitFile;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeHost;
import com.trafikito.agent.testing.Multipart;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code agent install} on a new machine: registration, files, user and unit, and every way it can fail. */
@QuarkusMainTest
class InstallCommandTest extends OnFakeHost {

    @Test
    void freshInstallRegistersWritesTheBaseDirCreatesTheUserAndStartsTheService(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        LoggedRequest registration = requests("trafikito.conf").get(0);
        assertThat(registration.getBodyAsString()).contains("\"workspaceId\":\"ws-42\"", "\"userApiKey\":\"" + USER_API_KEY,
                "\"serverName\":\"web-1\"", "\"tmpFilePath\":\"" + base + "/var/trafikito.tmp\"");
        LoggedRequest commands = requests("available_commands.sh").get(0);
        assertThat(Multipart.field(commands, "serverId")).isEqualTo(SERVER_ID);
        assertThat(Multipart.field(commands, "userApiKey")).isEqualTo(USER_API_KEY);
        assertThat(Multipart.field(commands, "workspaceId")).isEqualTo("ws-42");
        assertThat(Multipart.field(commands, "os")).isNotBlank();
        assertThat(Multipart.field(commands, "centosFlavor")).isNotBlank();
        assertThat(Multipart.part(commands, "osCodename")).isNotNull();
        assertThat(Multipart.part(commands, "osRelease")).isNotNull();
        String payload = Multipart.field(commands, "output");
        assertThat(payload).startsWith("*-*-*-*------------ Trafikito command: free\n")
                .contains("\n*-*-*-*------------ Trafikito command: ps aux --sort=-%mem,-%cpu --width 200 | head -n 7\n")
                .doesNotContain("Available commands");
        assertThat(payload.lines().filter(l -> l.startsWith("*-*-*-*------------ Trafikito command: "))).hasSize(16);

        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export SERVER_ID=\"" + SERVER_ID + "\"",
                "export API_KEY=\"" + API_KEY + "\"", "export RUNAS=\"trafikito\"", "export USER_API_KEY=\"" + USER_API_KEY
                        + "\"", "export WORKSPACE_ID=\"ws-42\"", "export SERVER_NAME=\"web-1\"");
        assertThat(read(base.resolve("available_commands.sh"))).startsWith("# available_commands.sh: the commands")
                .contains("Only the machine's owner may write this file")
                .endsWith("trafikito_free=\"free\"\ntrafikito_uptime=\"uptime\"\ntrafikito_df_h=\"df -h\"\n");
        assertThat(read(base.resolve("agent"))).startsWith("#!/bin/sh\n").contains("-jar \"$base/lib/quarkus-app/quarkus-run.jar\" \"$@\"");
        assertThat(read(base.resolve("lib/quarkus-app/quarkus-run.jar"))).isEqualTo("fake quarkus-run.jar\n");
        assertThat(read(base.resolve("lib/quarkus-app/lib/main/dependency.jar"))).isEqualTo("fake dependency\n");
        assertThat(read(base.resolve("etc/jvm.options"))).contains("-XX:+UseSerialGC");
        assertThat(read(base.resolve("etc/agent.properties"))).contains("#agent.commands.timeout=30s")
                .as("the API that registered the server, for the service").contains("\nagent.api.url="
                        + System.getProperty("agent.api.url") + "\n");
        assertThat(result.getErrorOutput()).contains("set agent.api.url=" + System.getProperty("agent.api.url"));
        assertThat(Files.isDirectory(base.resolve("var"))).isTrue();
        assertThat(anyVersion(read(host.unitFile()))).isEqualTo(UnitFile.render(base, "trafikito", "x"));

        assertThat(host.hasUser("trafikito")).isTrue();
        assertThat(host.changes()).containsExactly(
                "useradd --system --user-group --no-create-home --home-dir " + base + "/var --shell "
                        + (Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/sbin/nologin")
                        + " --comment Trafikito agent trafikito",
                "systemctl daemon-reload", "systemctl enable trafikito.service", "systemctl restart trafikito.service");
        assertThat(host.isActive()).isTrue();
        assertThat(result.getOutput()).contains("systemctl status trafikito", base + "/agent uninstall");
        assertThat(result.getErrorOutput()).contains("registered this server: server id " + SERVER_ID, "****a6L1");
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain(API_KEY).doesNotContain(USER_API_KEY);
        assertThat(base.getParent().toFile().list()).as("no staging folder left").containsExactly("trafikito");
    }

    @Test
    void everyWrittenFileHasItsModeAndOwner(QuarkusMainLauncher launcher) throws Exception {
        apiAnswers(REGISTERED);
        assertThat(launcher.launch(installArgs(base, "--yes")).exitCode()).isZero();

        // As root the owners are root and the new user; as another user, everything is that user's ("me").
        boolean asRoot = ProcessUser.currentUid() == 0;
        String root = asRoot ? "root" : "me";
        String svc = asRoot ? "trafikito" : "me";
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.filter(p -> !p.startsWith(base.resolve("lib/quarkus-app")) || p.equals(base.resolve("lib/quarkus-app/quarkus-run.jar")))
                    .forEach(p -> modes.put("/" + base.relativize(p), mode(p) + " "
                            + (!asRoot ? "me" : uid(p) == 0 ? "root" : uid(p) == FakeHost.NEW_UID ? "trafikito" : uid(p))));
        }
        assertThat(modes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/", "rwxr-xr-x " + root,
                "/agent", "rwxr-xr-x " + root,
                "/available_commands.sh", "rw-r--r-- " + root,
                "/etc", "rwxr-xr-x " + root,
                "/etc/trafikito.cfg", "rw------- " + svc,
                "/etc/agent.properties", "rw-r--r-- " + root,
                "/etc/jvm.options", "rw-r--r-- " + root,
                "/lib", "rwxr-xr-x " + root,
                "/lib/quarkus-app/quarkus-run.jar", "rw-r--r-- " + root,
                "/var", "rwx------ " + svc));
        assertThat(mode(host.unitFile())).isEqualTo("rw-r--r--");
    }

    @Test
    void aRefusedRegistrationShowsTheAnswerAndLeavesNothingBehind(QuarkusMainLauncher launcher) {
        apiAnswers("{\"error\":{\"code\":\"#x1\",\"message\":\"NO_FREE_SERVER_SLOTS\"},\"data\":null}");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("did not register this server", "no server_id line",
                "NO_FREE_SERVER_SLOTS", "Nothing was installed");
        assertNothingInstalled();
        assertThat(requests("available_commands.sh")).isEmpty();
    }

    @Test
    void anUnreachableApiLeavesNothingBehind(QuarkusMainLauncher launcher) {
        InstallTesting.registrationAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("could not register this server", "network error");
        assertNothingInstalled();
    }

    @Test
    void anApiAnswerThatIsNoWhitelistGivesTheDefaultCommandsWithAWarning(QuarkusMainLauncher launcher) {
        InstallTesting.registrationAnswers(aResponse().withBody(REGISTERED));
        InstallTesting.whitelistAnswers(aResponse().withBody("<html>oops</html>\ntrafikito_x=\"ok\"\n"));
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).contains("WARNING: the API's available_commands.sh was not used",
                "line 1: <html>oops</html>", "16 default commands");
        String whitelist = read(base.resolve("available_commands.sh"));
        assertThat(whitelist).doesNotContain("oops").doesNotContain("trafikito_x")
                .contains("trafikito_ps=\"ps aux --sort=-%mem,-%cpu --width 200 | head -n 7\"");
    }

    @Test
    void aFailedWhitelistCallGivesTheDefaultCommands(QuarkusMainLauncher launcher) {
        InstallTesting.registrationAnswers(aResponse().withBody(REGISTERED));
        InstallTesting.whitelistAnswers(aResponse().withStatus(500));
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.getErrorOutput()).contains("was not used (HTTP status 500)");
        assertThat(read(base.resolve("available_commands.sh"))).contains("trafikito_lsof_count_open_files=");
    }

    @Test
    void aFailingServiceStartUndoesEverything(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        host.failOn("systemctl", "restart");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("systemctl restart trafikito.service failed",
                "Everything install changed was undone", "stays registered");
        assertThat(base).doesNotExist();
        assertThat(host.unitFile()).doesNotExist();
        assertThat(host.hasUser("trafikito")).isFalse();
        assertThat(host.changes()).contains("userdel trafikito", "systemctl disable trafikito.service");
        assertThat(base.getParent().toFile().list()).isEmpty();
    }

    @Test
    void aServerIdThatWouldBeShellCodeIsNeverWritten(QuarkusMainLauncher launcher) {
        apiAnswers("server_id = $(reboot)\napi_key = " + API_KEY + "\n");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).contains("the value of server_id uses $ or a backtick",
                "Nothing was installed").doesNotContain(API_KEY);
        assertNothingInstalled();
    }

    @Test
    void theUserApiKeyCanBeAFileInsteadOfAnArgumentOrAnEnvironmentVariable(QuarkusMainLauncher launcher)
            throws Exception {
        apiAnswers(REGISTERED);
        Path keyFile = java.nio.file.Files.createTempFile("user-api-key", "");
        try {
            java.nio.file.Files.writeString(keyFile, "uak-from-a-file\n");
            LaunchResult result = launcher.launch("install", "--user-api-key-file", keyFile.toString(),
                    "--workspace-id", WORKSPACE, "--server-name", "web-1", "--base-dir", base.toString(), "--yes");

            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(requests("trafikito.conf").get(0).getBodyAsString()).contains("\"userApiKey\":\"uak-from-a-file\"");
        } finally {
            java.nio.file.Files.deleteIfExists(keyFile);
        }
    }

    @Test
    void aRefusedRegistrationNeverPrintsTheKeyOfItsAnswerWhateverItsShape(QuarkusMainLauncher launcher) {
        for (String answer : new String[] { "api_key = sk-NEW-SECRET-1\nno slot\n",
                "{\"data\":{\"apiKey\":\"sk-NEW-SECRET-1\"},\"error\":\"no server\"}",
                "API-Key: sk-NEW-SECRET-1" }) {
            apiAnswers(answer);
            LaunchResult result = launcher.launch(installArgs(base, "--yes"));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.getErrorOutput()).contains("did not register this server",
                    "The API's answer is not shown: it holds an api key").doesNotContain("sk-NEW-SECRET-1");
            assertNothingInstalled();
        }
    }

    @Test
    void aHostWithoutUseraddIsRefusedBeforeRegistering(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        host.removeTool("useradd");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("no useradd on this host", "pass --run-as");
        assertNothingInstalled();
        assertThat(FakeApi.server().getAllServeEvents()).as("refused before registering").isEmpty();
    }

    @Test
    void aRunAsUserThatDoesNotExistIsRefusedBeforeRegistering(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        LaunchResult result = launcher.launch(installArgs(base, "--yes", "--run-as", "monitor"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("the user monitor does not exist");
        assertNothingInstalled();
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void missingKeysWithoutATerminalStopBeforeAnyChange(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        LaunchResult result = launcher.launch("install", "--workspace-id", "ws-42", "--base-dir", base.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--user-api-key is required", "no terminal");
        assertNothingInstalled();
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void aFolderThatIsNotAnInstallationIsRefused(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        InstallTesting.write(base.resolve("notes.txt"), "someone's files\n", "rw-r--r--");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("is not an installation of the trafikito agent");
        assertThat(base.toFile().list()).containsExactly("notes.txt");
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void noServiceWritesTheFilesOnlyAndSaysHowToStart(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        LaunchResult result = launcher.launch(installArgs(base, "--yes", "--no-service"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(host.changes()).isEmpty();
        assertThat(host.unitFile()).doesNotExist();
        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export SERVER_ID=\"" + SERVER_ID + "\"");
        assertThat(result.getErrorOutput()).contains("--no-service: files only");
        assertThat(result.getOutput()).contains("No service was set up", base + "/agent run --once", base + "/agent run ");
    }

    @Test
    void withoutRootTheFilesAreWrittenAndTheServiceIsNot(QuarkusMainLauncher launcher) {
        apiAnswers(REGISTERED);
        System.setProperty("agent.install.assume-root", "false");
        LaunchResult result = launcher.launch(installArgs(base, "--yes"));

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).contains("not running as root: files only");
        assertThat(host.changes()).isEmpty();
        assertThat(read(base.resolve("etc/trafikito.cfg"))).contains("export RUNAS=\"" + System.getProperty("user.name") + "\"");
        assertThat(result.getOutput()).contains("No service was set up");
    }

    @Test
    void printServicePrintsTheUnitAndChangesNothing(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("install", "--print-service", "--base-dir", base.toString(), "--run-as", "nobody");

        assertThat(result.exitCode()).isZero();
        assertThat(anyVersion(result.getOutput() + "\n")).isEqualTo(UnitFile.render(base, "nobody", "x"));
        assertThat(result.getErrorOutput()).isEmpty();
        assertThat(base).doesNotExist();
        assertThat(host.calls()).isEmpty();
        assertThat(FakeApi.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void thePrintedUnitPassesSystemdAnalyzeVerify(QuarkusMainLauncher launcher) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze),
                "systemd-analyze is not installed (Debian package systemd; .ci/run installs it): unit not verified");
        // verify checks that ExecStart's program exists: print the unit of a base dir that has one
        InstallTesting.write(base.resolve("agent"), "#!/bin/sh\n", "rwxr-xr-x");
        Files.createDirectories(base.resolve("var"));
        LaunchResult result = launcher.launch("install", "--print-service", "--base-dir", base.toString());
        assertThat(result.exitCode()).isZero();
        Path unit = base.resolve("trafikito.service");
        Files.writeString(unit, result.getOutput() + "\n");

        Process verify = new ProcessBuilder(analyze.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).as("verify only warns about unknown keys and bad values: no warning is the bar").isEmpty();
    }

    /** The test JVM does not know the agent's version; the launched agent does. */
    static String anyVersion(String unit) {
        return unit.replaceFirst("\\(version [^)]*\\)", "(version x)");
    }

    private void assertNothingInstalled() {
        assertThat(base).doesNotExist();
        assertThat(base.getParent().toFile().list()).as("no staging folder left").isEmpty();
        assertThat(host.changes()).isEmpty();
        assertThat(host.unitFile()).doesNotExist();
        assertThat(host.hasUser("trafikito")).isFalse();
    }
}

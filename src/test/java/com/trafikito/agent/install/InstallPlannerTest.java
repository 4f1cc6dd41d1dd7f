package com.trafikito.agent.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.config.AgentConfig;
import com.trafikito.agent.host.Host;
import com.trafikito.agent.host.ServiceManager;
import com.trafikito.agent.host.SystemTools;
import com.trafikito.agent.testing.FakeHost;

/** What install asks, and when it refuses, before it changes anything. */
class InstallPlannerTest {

    FakeHost fake;
    InstallPlanner planner;
    Path base;

    @BeforeEach
    void setUp() {
        fake = FakeHost.create();
        AgentConfig config = config(fake);
        SystemTools tools = new SystemTools(config);
        Host host = new Host(config, tools);
        planner = new InstallPlanner(host, new ServiceManager(host, tools), new Distribution(config));
        base = fake.newBaseDir("trafikito");
    }

    @AfterEach
    void tearDown() {
        fake.delete();
    }

    @Test
    void aTerminalIsAskedOnlyForWhatIsMissing() throws Exception {
        Questions terminal = new Questions("uak-typed-in", "");
        InstallPlan plan = planner.plan(options(Optional.empty(), Optional.of("ws-1"), Optional.empty(), false), terminal);

        assertThat(terminal.asked).containsExactly("secret: User api key (from the Trafikito dashboard: Servers, How to install?)",
                "Server name [" + new Host(config(fake), new SystemTools(config(fake))).serverName().name().orElseThrow() + "]");
        assertThat(plan.registration().orElseThrow().userApiKey()).isEqualTo("uak-typed-in");
        assertThat(plan.registration().orElseThrow().workspaceId()).isEqualTo("ws-1");
        assertThat(plan.registration().orElseThrow().serverName()).isNotBlank();
    }

    @Test
    void withoutATerminalAMissingKeyStopsTheInstall() {
        assertThatThrownBy(() -> planner.plan(options(Optional.empty(), Optional.of("ws-1"), Optional.of("n"), false),
                Prompter.none())).isInstanceOf(InstallException.class)
                .hasMessageContaining("--user-api-key is required").extracting(e -> ((InstallException) e).exitCode())
                .isEqualTo(InstallException.USAGE);
    }

    @Test
    void theShellAgentsSavedValuesAreUsedWithoutAsking() throws Exception {
        writeCfg("export USER_API_KEY=\"uak-saved\"\nexport WORKSPACE_ID=\"ws-saved\"\nexport SERVER_NAME=\"saved\"\n");
        Questions terminal = new Questions();

        InstallPlan plan = planner.plan(options(Optional.empty(), Optional.empty(), Optional.empty(), false), terminal);

        assertThat(terminal.asked).isEmpty();
        assertThat(plan.registration().orElseThrow()).isEqualTo(new Registration.Account("uak-saved", "ws-saved", "saved"));
    }

    @Test
    void aConfigWithAServerIdNeedsNoRegistrationAndNoKeys() throws Exception {
        writeCfg("export SERVER_ID=\"s\"\nexport API_KEY=\"k\"\n");
        InstallPlan plan = planner.plan(options(Optional.empty(), Optional.empty(), Optional.empty(), false), Prompter.none());
        assertThat(plan.registration()).isEmpty();
        assertThat(plan.existing().takeover()).isTrue();
    }

    @Test
    void theOldServiceGoesOnlyWithAYes() throws Exception {
        writeCfg("export SERVER_ID=\"s\"\nexport API_KEY=\"k\"\n");
        InstallTestingFiles.write(fake.initDir().resolve("trafikito"), "#!/bin/sh\n");

        assertThatThrownBy(() -> planner.plan(options(Optional.empty(), Optional.empty(), Optional.empty(), false),
                new Questions())).hasMessageContaining("Re-run with --yes");
        Questions saysYes = new Questions();
        saysYes.confirm = true;
        assertThat(planner.plan(options(Optional.empty(), Optional.empty(), Optional.empty(), false), saysYes)
                .oldServices()).hasSize(1);
        assertThat(saysYes.asked).singleElement().asString().startsWith("confirm: Found the SysV init script");
    }

    @Test
    void valuesThatWouldBreakTheConfigAreRefused() {
        assertThatThrownBy(() -> planner.plan(options(Optional.of("k"), Optional.of("ws"), Optional.of("a\"b"), true),
                Prompter.none())).hasMessage("--server-name must not contain the character \"");
    }

    private InstallOptions options(Optional<String> key, Optional<String> workspace, Optional<String> name, boolean yes) {
        return new InstallOptions(key, workspace, name, base, Optional.empty(), false, false, yes);
    }

    private void writeCfg(String text) {
        InstallTestingFiles.write(base.resolve("etc/trafikito.cfg"), text);
    }

    /** A terminal that answers from a list and records the questions. */
    static final class Questions implements Prompter {
        final List<String> asked = new ArrayList<>();
        final List<String> answers;
        boolean confirm;

        Questions(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> ask(String question, boolean secret) {
            asked.add((secret ? "secret: " : "") + question);
            return answers.isEmpty() ? Optional.empty() : Optional.of(answers.remove(0)).filter(a -> !a.isBlank());
        }

        @Override
        public boolean confirm(String question) {
            asked.add("confirm: " + question);
            return confirm;
        }
    }

    /** AgentConfig with only what install reads, pointing at the fake host. */
    static AgentConfig config(FakeHost fake) {
        AgentConfig.Install install = (AgentConfig.Install) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                new Class<?>[] { AgentConfig.Install.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "toolsPath" -> Optional.of(fake.settings().get("agent.install.tools-path"));
                    case "systemdDir" -> fake.settings().get("agent.install.systemd-dir");
                    case "systemdRuntimeDir" -> fake.settings().get("agent.install.systemd-runtime-dir");
                    case "initDir" -> fake.settings().get("agent.install.init-dir");
                    case "distribution" -> Optional.of(fake.settings().get("agent.install.distribution"));
                    case "assumeRoot" -> Optional.of(true);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] { AgentConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("install")) {
                        return install;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}

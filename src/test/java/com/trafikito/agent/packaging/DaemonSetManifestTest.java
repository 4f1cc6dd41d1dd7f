package com.trafikito.agent.packaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistParser;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * docker/kubernetes/daemonset.yaml read with the Kubernetes model (fabric8): every field is one the model knows,
 * its probes and port are the application's (checked against application.properties and against the running
 * application's own endpoints), and the promises of its comments hold: secrets from a Secret only, a state dir
 * that survives restarts, the whitelist from the ConfigMap, read-only host mounts, non-root, read-only root.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class DaemonSetManifestTest {

    static final Path MANIFEST = Path.of("docker/kubernetes/daemonset.yaml");
    static final String BASE_DIR = "/var/lib/trafikito";

    static DaemonSet daemonSet;
    static ConfigMap whitelist;
    static PodSpec pod;
    static Container agent;
    static Properties application = new Properties();

    @BeforeAll
    static void load() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(MANIFEST.toFile())) {
            for (JsonNode doc : docs.readAll()) {
                switch (doc.get("kind").asText()) {
                    case "DaemonSet" -> daemonSet = yaml.treeToValue(doc, DaemonSet.class);
                    case "ConfigMap" -> whitelist = yaml.treeToValue(doc, ConfigMap.class);
                    case "Namespace" -> assertThat(doc.at("/metadata/name").asText()).isEqualTo("trafikito");
                    default -> throw new AssertionError("unexpected kind " + doc.get("kind"));
                }
            }
        }
        assertThat(daemonSet).isNotNull();
        assertThat(whitelist).isNotNull();
        pod = daemonSet.getSpec().getTemplate().getSpec();
        agent = container(pod.getContainers(), "agent");
        try (InputStream in = DaemonSetManifestTest.class.getResourceAsStream("/application.properties")) {
            application.load(in);
        }
    }

    @Test
    void everyFieldIsKnownToTheKubernetesModel() {
        List<String> unknown = new ArrayList<>();
        unknownFields(daemonSet, "DaemonSet", unknown);
        unknownFields(whitelist, "ConfigMap", unknown);
        assertThat(unknown).as("misspelt or misplaced fields").isEmpty();
        assertThat(daemonSet.getApiVersion()).isEqualTo("apps/v1");
        assertThat(daemonSet.getSpec().getSelector().getMatchLabels())
                .isEqualTo(daemonSet.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void portAndProbesAreTheApplications() {
        int port = Integer.parseInt(application.getProperty("quarkus.http.port"));
        assertThat(agent.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(port);
            assertThat(p.getHostPort()).as("hostNetwork").isEqualTo(port);
        });
        assertThat(env(agent, "QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(port));
        assertThat(env(agent, "QUARKUS_HTTP_HOST")).isEqualTo("0.0.0.0");
        assertThat(daemonSet.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", Integer.toString(port))
                .containsEntry("prometheus.io/path", "/q/metrics");

        assertThat(httpPath(agent.getLivenessProbe())).isEqualTo("/q/health/live");
        assertThat(httpPath(agent.getStartupProbe())).isEqualTo("/q/health/live");
        assertThat(httpPath(agent.getReadinessProbe())).isEqualTo("/q/health/ready");
        for (Probe probe : List.of(agent.getLivenessProbe(), agent.getReadinessProbe(), agent.getStartupProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        // The running application answers those paths with a health document (UP or DOWN), not a 404.
        for (String path : List.of(httpPath(agent.getLivenessProbe()), httpPath(agent.getReadinessProbe()),
                daemonSet.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path"))) {
            int status = given().get(path).then().extract().statusCode();
            assertThat(status).as(path).isIn(200, 503);
        }
    }

    @Test
    void theImagesTurnOnTheHttpServerTheProbesNeed() throws IOException {
        // agent run serves no HTTP unless asked (a host's service); the manifest relies on the image's setting.
        assertThat(env(agent, "AGENT_HTTP_ENABLED")).as("the manifest leaves it to the image").isNull();
        for (String dockerfile : List.of("docker/Dockerfile.jvm", "docker/Dockerfile.native")) {
            assertThat(Files.readString(Path.of(dockerfile))).as(dockerfile).containsPattern(
                    "(?m)^ENV (.*\\\\\n)*\\s*AGENT_HTTP_ENABLED=true");
        }
    }

    @Test
    void livenessGivesAWedgedAgentMinutesAndNeverRacesTheHardDeadline() {
        Probe liveness = agent.getLivenessProbe();
        int secondsToRestart = liveness.getPeriodSeconds() * liveness.getFailureThreshold();
        assertThat(secondsToRestart).isBetween(60, 300);
        assertThat(liveness.getTimeoutSeconds()).isGreaterThanOrEqualTo(3);
        Probe startup = agent.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void nonRootReadOnlyRootAndOnlyTheStateDirWritable() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        for (Container c : allContainers()) {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
        }
        // Only the state-owner init container runs as root, with CHOWN alone.
        for (Container c : allContainers()) {
            if (c.getName().equals("state-owner")) {
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
            } else {
                assertThat(c.getSecurityContext().getRunAsUser()).as(c.getName()).isNull();
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
            }
        }
        assertThat(agent.getSecurityContext().getRunAsNonRoot()).isTrue();
        List<String> writable = agent.getVolumeMounts().stream()
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly())).map(VolumeMount::getMountPath).toList();
        assertThat(writable).containsExactlyInAnyOrder(BASE_DIR, "/tmp");
    }

    @Test
    void theNodeIsSeenThroughReadOnlyHostMounts() {
        assertThat(hostPath("host-proc")).isEqualTo("/proc");
        assertThat(hostPath("host-root")).isEqualTo("/");
        VolumeMount proc = mount(agent, "host-proc");
        VolumeMount root = mount(agent, "host-root");
        assertThat(proc.getReadOnly()).isTrue();
        assertThat(root.getReadOnly()).isTrue();
        assertThat(root.getMountPropagation()).isEqualTo("HostToContainer");
    }

    @Test
    void theStateDirIsPerNodeAndSurvivesRestartsAndIsTheInstallationsBaseDir() {
        assertThat(hostPath("state")).isEqualTo(BASE_DIR);
        assertThat(volume("state").getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(env(agent, "AGENT_BASE_DIR")).isEqualTo(BASE_DIR);
        assertThat(mount(agent, "state").getMountPath()).isEqualTo(BASE_DIR);
        assertThat(agent.getArgs()).containsExactly("run");
        assertThat(env(agent, "QUARKUS_LOG_FILE_ENABLED")).isEqualTo("false");
        assertThat(env(agent, "QUARKUS_LOG_CONSOLE_JSON_ENABLED")).isEqualTo("true");

        Container install = container(pod.getInitContainers(), "install");
        String script = String.join("\n", install.getArgs());
        assertThat(script).contains("agent install --no-service --yes --base-dir " + BASE_DIR)
                .doesNotContain("--user-api-key") // read from TRAFIKITO_USER_API_KEY_FILE: never in the process list
                .contains("--workspace-id \"$TRAFIKITO_WORKSPACE_ID\"")
                .contains("--server-name \"$NODE_NAME\"")
                .contains("if [ -f " + BASE_DIR + "/etc/trafikito.cfg ]");
        assertThat(mount(install, "state").getMountPath()).isEqualTo(BASE_DIR);
        assertThat(env(install, "TRAFIKITO_USER_API_KEY_FILE")).isEqualTo(mount(install, "account").getMountPath()
                + "/user-api-key");
        assertThat(install.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NODE_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        // The init containers run before the agent: the state-owner first, so that install can write.
        assertThat(pod.getInitContainers().stream().map(Container::getName)).containsExactly("state-owner", "install");
        allContainers().forEach(c -> assertThat(c.getImage()).isEqualTo(agent.getImage()));
    }

    @Test
    void theUserApiKeyAndWorkspaceComeFromASecretSeenByTheInstallStepAlone() {
        Container install = container(pod.getInitContainers(), "install");
        EnvVar workspace = install.getEnv().stream().filter(e -> e.getName().equals("TRAFIKITO_WORKSPACE_ID"))
                .findFirst().orElseThrow();
        assertThat(workspace.getValue()).as("TRAFIKITO_WORKSPACE_ID has no literal value").isNull();
        assertThat(workspace.getValueFrom().getSecretKeyRef().getName()).isEqualTo("trafikito-agent");
        // The key itself is a file of the Secret, mounted read-only in the install step alone: no environment
        // variable holds it (commands can read a process' environment in /proc).
        assertThat(install.getEnv()).noneMatch(e -> e.getName().equals("TRAFIKITO_USER_API_KEY"));
        assertThat(volume("account").getSecret().getSecretName()).isEqualTo("trafikito-agent");
        assertThat(mount(install, "account").getReadOnly()).isTrue();
        assertThat(agent.getVolumeMounts()).noneMatch(m -> m.getName().equals("account"));
        for (Container c : List.of(agent, container(pod.getInitContainers(), "state-owner"))) {
            assertThat(c.getEnv() == null ? Stream.<EnvVar>empty() : c.getEnv().stream())
                    .noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
            assertThat(c.getEnvFrom()).isNullOrEmpty();
        }
    }

    @Test
    void theWhitelistComesFromTheConfigMapThroughTheInstallationsPath() {
        Volume volume = volume("whitelist");
        assertThat(volume.getConfigMap().getName()).isEqualTo(whitelist.getMetadata().getName());
        assertThat(volume.getConfigMap().getDefaultMode()).as("0644: not writable by group or others").isEqualTo(0644);
        String mountPath = mount(agent, "whitelist").getMountPath();
        assertThat(mount(agent, "whitelist").getReadOnly()).isTrue();
        String script = String.join("\n", container(pod.getInitContainers(), "install").getArgs());
        assertThat(script).contains("ln -sfn " + mountPath + "/available_commands.sh " + BASE_DIR + "/available_commands.sh");
        assertThat(mount(container(pod.getInitContainers(), "install"), "whitelist").getMountPath()).isEqualTo(mountPath);

        Whitelist shipped = WhitelistParser.parse(whitelist.getData().get("available_commands.sh"));
        assertThat(shipped.invalidLines()).isEmpty();
        assertThat(shipped.entries()).isEqualTo(WhitelistFile.loadBundledSample().entries());
    }

    @Test
    void resourcesCoverTheMeasuredRssWithRoomForCommands() {
        Quantity request = agent.getResources().getRequests().get("memory");
        Quantity limit = agent.getResources().getLimits().get("memory");
        long measuredPeakRss = 103_112L * 1024; // VmHWM of `agent run` with docker/jvm.options (README)
        assertThat(Quantity.getAmountInBytes(request).longValue()).isGreaterThan(measuredPeakRss);
        assertThat(Quantity.getAmountInBytes(limit).longValue()).isGreaterThanOrEqualTo(2 * measuredPeakRss);
        assertThat(agent.getResources().getRequests()).containsKey("cpu");
        assertThat(agent.getResources().getLimits()).containsKey("cpu");
    }

    @Test
    void theInitScriptsAreValidShell() throws Exception {
        for (Container c : pod.getInitContainers()) {
            assertThat(c.getCommand()).containsExactly("sh", "-c");
            Process sh = new ProcessBuilder("sh", "-n", "-c", String.join("\n", c.getArgs())).redirectErrorStream(true)
                    .start();
            String output = new String(sh.getInputStream().readAllBytes());
            assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sh.exitValue()).as(c.getName() + ": " + output).isZero();
        }
    }

    private static List<Container> allContainers() {
        List<Container> all = new ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }

    private static Container container(List<Container> containers, String name) {
        return containers.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static String httpPath(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static Volume volume(String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String hostPath(String volume) {
        return volume(volume).getHostPath().getPath();
    }

    private static VolumeMount mount(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst().orElseThrow();
    }

    /** Fields the model did not know land in additionalProperties: collect their paths, depth first. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}

package com.trafikito.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * docker/jvm.options: the format every reader relies on (the launcher, the systemd unit, {@code java @file} in
 * Dockerfile.jvm), and every option valid on Java 17, proven by running {@code java <options> -version}.
 */
class JvmOptionsTest {

    static final Path FILE = Path.of("docker/jvm.options");

    /** The options, read as the format says: one per line, whole-line {@code #} comments, blank lines. */
    static List<String> options() throws IOException {
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                options.add(stripped);
            }
        }
        return options;
    }

    @Test
    void oneOptionPerLineAndWholeLineCommentsOnly() throws IOException {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = FILE + ":" + (i + 1) + ": " + line;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as(where).startsWith("-").doesNotContainPattern("\\s").doesNotContain("#")
                    .doesNotContain("\"").doesNotContain("'").doesNotContain("\\");
        }
        assertThat(options()).isNotEmpty().doesNotHaveDuplicates();
    }

    @Test
    void everyOptionIsValidOnJava17() throws Exception {
        assertThat(Runtime.version().feature()).as("the build's Java, the agent's target: run it with Java 17")
                .isEqualTo(17);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options());
        command.add("-version");
        Result result = run(command);
        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout).as("JVM output goes to stderr, stdout is for products").isEmpty();
        assertThat(result.stderr.toLowerCase()).contains("version \"17.").doesNotContain("warning")
                .doesNotContain("unrecognized").doesNotContain("error");
    }

    @Test
    void theArgumentFileOfTheDockerfileGivesTheSameFlags() throws Exception {
        List<String> lineByLine = new ArrayList<>(List.of(java()));
        lineByLine.addAll(options());
        lineByLine.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Set<String> expected = commandLineFlags(run(lineByLine));
        Set<String> actual = commandLineFlags(run(List.of(java(), "@" + FILE, "-XX:+PrintFlagsFinal", "-version")));
        assertThat(actual).isEqualTo(expected).anyMatch(flag -> flag.contains("UseSerialGC"))
                .anyMatch(flag -> flag.contains("MaxHeapSize") && flag.contains("67108864"));
    }

    @Test
    void theShippedCopyIsTheFile() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/packaging/jvm.options")) {
            assertThat(in).as("packaging/jvm.options in the agent, for `agent install`").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(FILE));
        }
    }

    /** The flags PrintFlagsFinal marks as set on the command line, as "name = value". */
    private static Set<String> commandLineFlags(Result result) {
        assertThat(result.exit).as(result.stderr).isZero();
        Set<String> flags = new TreeSet<>();
        // With DisplayVMOutputToStderr the table is on stderr; either way it is whole lines.
        for (String line : (result.stdout + "\n" + result.stderr).split("\n")) {
            if (line.contains("{command line}")) {
                String[] parts = line.trim().split("\\s+");
                flags.add(parts[1] + " = " + parts[3]);
            }
        }
        return flags;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("java-", ".out");
        Path err = Files.createTempFile("java-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}

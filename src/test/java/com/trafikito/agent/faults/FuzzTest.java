package com.trafikito.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.trafikito.agent.cycle.CommandSelection;
import com.trafikito.agent.cycle.CycleReport;
import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.cycle.answer.ConfigAnswer;
import com.trafikito.agent.cycle.answer.ConfigAnswerParser;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.TestInstallation;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistParser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A seeded fuzz of what the network controls: get_config answers and command names. Nothing outside the
 * whitelist may run, and the agent must survive every answer. Seeded, so that a failure replays.
 */
@QuarkusTest
@WithTestResource(FakeApi.class)
class FuzzTest {

    private static final long SEED = 20261126L;
    private static final String ALPHABET = "abcXYZ019_-.:,;=$(){}[]`'\"\\/| \t\n\r&<>*?~#!@%^+\u00e9\u4e2d\u0000\u0007";
    private static final Set<String> WHITELISTED = Set.of("alpha", "beta_2", "Gamma");

    @Inject
    CycleService cycles;

    @Test
    void thousandsOfRandomAnswersNeverCrashTheParser() {
        Random random = new Random(SEED);
        ConfigAnswerParser parser = new ConfigAnswerParser();
        for (int i = 0; i < 20_000; i++) {
            String body = randomAnswer(random);
            ConfigAnswer answer = parser.parse(body);
            assertThat(answer).as("answer %s", body).isNotNull();
            if (answer instanceof ConfigAnswer.Order order) {
                assertThat(order.order().callToken()).matches("[A-Za-z0-9._:-]{1,128}");
                assertThat(order.order().runnable()).hasSizeLessThanOrEqualTo(256);
            }
        }
    }

    @Test
    void randomNamesOnlyEverSelectWhitelistedCommands() {
        Random random = new Random(SEED + 1);
        Whitelist whitelist = WhitelistParser.parse(whitelistText(Path.of("/nonexistent")));
        for (int i = 0; i < 20_000; i++) {
            List<String> names = new ArrayList<>();
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) {
                names.add(random.nextInt(4) == 0 ? pick(random, WHITELISTED) : randomWord(random, 1 + random.nextInt(12)));
            }
            for (CommandSelection.Slot slot : CommandSelection.select(names, List.of(), whitelist)) {
                if (slot.runs()) {
                    String bare = slot.name().substring("trafikito_".length());
                    assertThat(WHITELISTED).contains(bare);
                    assertThat(slot.command().commandLine())
                            .isEqualTo(whitelist.find(slot.name()).orElseThrow().commandLine());
                }
            }
        }
    }

    @Test
    void randomCyclesOverTheWireRunOnlyWhitelistedCommands() throws IOException {
        FakeApi.reset();
        TestInstallation installation = FakeApi.installation().reset();
        Path ran = installation.var().resolve("ran.log");
        Path marker = installation.baseDir().resolve("pwned");
        installation.writeWhitelist(whitelistText(ran));
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 200; i++) {
            String answer = random.nextInt(3) == 0 ? randomAnswer(random)
                    : "tok" + i + " " + hostileNames(random, marker);
            FakeApi.getConfigAnswers(answer);
            CycleReport report = cycles.runOnce();
            assertThat(report.exitCode()).as("answer %s: %s", answer, report.reason()).isIn(0, 1, 3);
            if (report.exitCode() == 3) {
                Files.deleteIfExists(installation.var().resolve("STOP"));
            }
        }
        assertThat(marker).doesNotExist();
        List<String> lines = Files.exists(ran) ? Files.readAllLines(ran) : List.of();
        assertThat(lines).isNotEmpty().allMatch(WHITELISTED::contains);
    }

    private static String whitelistText(Path log) {
        StringBuilder text = new StringBuilder();
        for (String name : WHITELISTED) {
            text.append("trafikito_").append(name).append("=\"echo ").append(name).append(" >> ").append(log)
                    .append("\"\n");
        }
        return text.toString();
    }

    private static String hostileNames(Random random, Path marker) {
        List<String> names = new ArrayList<>();
        int n = 1 + random.nextInt(8);
        for (int k = 0; k < n; k++) {
            switch (random.nextInt(5)) {
                case 0 -> names.add(pick(random, WHITELISTED));
                case 1 -> names.add("$(touch${IFS}" + marker + ")");
                case 2 -> names.add(pick(random, WHITELISTED) + ";touch${IFS}" + marker);
                case 3 -> names.add("../" + randomWord(random, 3));
                default -> names.add(randomWord(random, 1 + random.nextInt(10)).replaceAll("[\\s,]", ""));
            }
        }
        return String.join(",", names);
    }

    private static String randomAnswer(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> randomWord(random, random.nextInt(300));
            case 1 -> "{\"error\":" + randomWord(random, random.nextInt(20)) + "}";
            case 2 -> "STOP" + randomWord(random, random.nextInt(5));
            case 3 -> "=" + randomWord(random, random.nextInt(2));
            default -> randomWord(random, 1 + random.nextInt(40)) + " " + randomWord(random, random.nextInt(60)) + " "
                    + randomWord(random, random.nextInt(10)) + " " + random.nextInt(99999) + " "
                    + randomWord(random, random.nextInt(10));
        };
    }

    private static String randomWord(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String pick(Random random, Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list.get(random.nextInt(list.size()));
    }
}

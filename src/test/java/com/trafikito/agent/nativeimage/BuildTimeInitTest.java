package com.trafikito.agent.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The static-initialiser scan that NativeSourcesCheck runs on the native build's runner jar: what it finds on
 * fixtures, and that the agent's own classes pass it (so a JVM build already says what the native check will).
 */
class BuildTimeInitTest {

    static final class ReadsTheEnvironment {
        static final String HOME = System.getenv("HOME");
    }

    static final class ReadsTheClockThroughAHelper {
        static final long STARTED = started();

        private static long started() {
            return Instant.now().toEpochMilli();
        }
    }

    static final class RunsALambdaOnTheSpot {
        static final String USER = ((Supplier<String>) () -> System.getProperty("user.name")).get();
    }

    static final class SeedsARandomFromTheHost {
        static final Random RANDOM = new Random();
    }

    static final class Constant {
        static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
        static final Duration CAP = Duration.ofSeconds(8);
        static final Random SAME_EVERY_RUN = new Random(42);
        static final List<String> NAMES = List.of("a", "b");
    }

    @Test
    void staticInitialisersThatReadTheBuildHostAreFoundWithTheirChainOfCalls() {
        List<String> found = BuildTimeInit.hostReadingInitializers(AgentBytecode.fromClasses(ReadsTheEnvironment.class,
                ReadsTheClockThroughAHelper.class, RunsALambdaOnTheSpot.class, SeedsARandomFromTheHost.class,
                Constant.class), Set.of());

        assertThat(found).hasSize(4);
        assertThat(found).anySatisfy(line -> assertThat(line).startsWith(ReadsTheEnvironment.class.getName())
                .contains("calls java.lang.System.getenv", "environment"));
        assertThat(found).anySatisfy(line -> assertThat(line).startsWith(ReadsTheClockThroughAHelper.class.getName())
                .contains("<clinit> -> BuildTimeInitTest$ReadsTheClockThroughAHelper.started calls java.time.Instant.now",
                        "the clock"));
        assertThat(found).anySatisfy(line -> assertThat(line).startsWith(RunsALambdaOnTheSpot.class.getName())
                .contains("java.lang.System.getProperty"));
        assertThat(found).anySatisfy(line -> assertThat(line).startsWith(SeedsARandomFromTheHost.class.getName())
                .contains("java.util.Random.<init>", "random seed"));
    }

    @Test
    void aClassInitialisedAtRunTimeMayReadTheHost() {
        assertThat(BuildTimeInit.hostReadingInitializers(AgentBytecode.fromClasses(ReadsTheEnvironment.class),
                Set.of(ReadsTheEnvironment.class.getName()))).isEmpty();
    }

    @Test
    void noClassOfTheAgentReadsTheHostInItsStaticInitialiser() {
        Path classes = Path.of("target/classes");

        assertThat(BuildTimeInit.hostReadingInitializers(AgentBytecode.fromDirectory(classes), Set.of())).isEmpty();
    }
}

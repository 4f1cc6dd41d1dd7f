package com.trafikito.agent.health;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.trafikito.agent.cycle.CycleService;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.TestInstallation;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeApi.class)
class HealthEndpointsTest {

    @Inject
    CycleService cycles;

    TestInstallation installation;

    @BeforeEach
    void reset() {
        installation = FakeApi.fresh();
        FakeApi.getConfigAnswers("tok hello");
        cycles.runOnce();
    }

    @Test
    void readyAndLiveAfterAGoodCycle() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.lastOutcome", equalTo("ok"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyWhileStoppedWithTheReason() {
        FakeApi.getConfigAnswers("STOP server removed");
        cycles.runOnce();
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].data.reason", containsString("server removed"));
    }

    @Test
    void notReadyWithoutAUsableConfigAndTheKeyIsNotShown() throws Exception {
        Files.delete(installation.config());
        cycles.runOnce();
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].data.reason", containsString("trafikito.cfg"))
                .body(not(containsString(TestInstallation.API_KEY)));
    }

    @Test
    void anUnwritableVarKeepsTheAgentReadyAndSaysWhy() throws Exception {
        try (var files = Files.list(installation.var())) {
            for (var f : (Iterable<java.nio.file.Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(installation.var());
        Files.writeString(installation.var(), "a file where var/ should be");
        assertThat(cycles.runOnce().exitCode()).isZero();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.stateWriteProblem", containsString("cannot write"));
    }

    @Test
    void notReadyAfterThreeCyclesWithoutAnApiAnswerButStillLive() {
        FakeApi.answer(FakeApi.GET_CONFIG, aResponse().withStatus(500));
        cycles.runOnce();
        cycles.runOnce();
        given().get("/q/health/ready").then().statusCode(200);
        cycles.runOnce();
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].data.reason", containsString("3 cycles in a row"));
        given().get("/q/health/live").then().statusCode(200);
    }
}

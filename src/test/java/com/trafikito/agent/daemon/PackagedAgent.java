package com.trafikito.agent.daemon;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.AgentProcess;
import com.trafikito.agent.testing.FakeApi;
import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.TestInstallation;

/**
 * What the ITs of the packaged agent share: the fake API, a fresh installation, and every agent process a
 * test started stopped after it (SIGTERM, then SIGKILL), so that none outlives its test.
 */
@ExtendWith(FakeApiForLaunches.class)
abstract class PackagedAgent {

    TestInstallation installation;
    final List<AgentProcess> started = new ArrayList<>();

    @BeforeEach
    void installation() {
        installation = FakeApi.installation();
    }

    @AfterEach
    void stopStarted() {
        started.forEach(AgentProcess::close);
        started.clear();
    }
}

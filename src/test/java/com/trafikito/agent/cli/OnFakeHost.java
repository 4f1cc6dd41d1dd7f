package com.trafikito.agent.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import com.trafikito.agent.testing.FakeApiForLaunches;
import com.trafikito.agent.testing.FakeHost;

/**
 * What every install, uninstall and status test launches against: the fake API, and a fake host (fake
 * systemctl, useradd... recording their calls) with a base dir that does not exist yet.
 */
@ExtendWith(FakeApiForLaunches.class)
abstract class OnFakeHost {

    FakeHost host;
    Path base;

    @BeforeEach
    void newHost() {
        host = FakeHost.create().applyToLaunches();
        base = host.newBaseDir("trafikito");
    }

    @AfterEach
    void removeHost() {
        host.clearFromLaunches();
        host.delete();
    }
}

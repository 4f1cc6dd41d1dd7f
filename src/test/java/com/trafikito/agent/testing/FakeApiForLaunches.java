package com.trafikito.agent.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For {@code @QuarkusMainTest} classes: the fake API and a fresh installation for every launch. Their
 * applications start per launch, so settings go in as system properties rather than a test resource.
 */
public class FakeApiForLaunches implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        FakeApi.startForLaunches();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        FakeApi.stopForLaunches();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FakeApi.fresh();
    }
}

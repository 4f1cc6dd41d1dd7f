package com.trafikito.agent.install;

import java.lang.reflect.Proxy;
import java.util.Optional;

import com.trafikito.agent.config.AgentConfig;

/** AgentConfig with only {@code install().distribution()}, for tests of {@link Distribution}. */
final class AgentConfigs {

    record Settings(Optional<String> distribution) {
    }

    private AgentConfigs() {
    }

    static AgentConfig withDistribution(Settings settings) {
        AgentConfig.Install install = (AgentConfig.Install) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                new Class<?>[] { AgentConfig.Install.class }, (proxy, method, args) -> {
                    if (method.getName().equals("distribution")) {
                        return settings.distribution();
                    }
                    throw new UnsupportedOperationException(method.getName());
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

package com.trafikito.agent.testing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.trafikito.agent.config.AgentConfig;

import io.quarkus.runtime.configuration.MemorySize;

/** An {@link AgentConfig} with the defaults of DESIGN.md, for plain unit tests of beans that read it. */
public final class TestConfig {

    private TestConfig() {
    }

    public static AgentConfig cycle(Duration interval, Duration commandTimeout, boolean splay) {
        return new AgentConfig() {
            @Override
            public String baseDir() {
                return "/opt/trafikito";
            }

            @Override
            public Optional<String> serverId() {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiKeyFile() {
                return Optional.empty();
            }

            @Override
            public Api api() {
                return new Api() {
                    @Override
                    public List<String> url() {
                        return List.of("https://api.trafikito.com");
                    }

                    @Override
                    public boolean allowInsecure() {
                        return false;
                    }

                    @Override
                    public Duration connectTimeout() {
                        return Duration.ofSeconds(5);
                    }

                    @Override
                    public Duration readTimeout() {
                        return Duration.ofSeconds(15);
                    }
                };
            }

            @Override
            public Commands commands() {
                return new Commands() {
                    @Override
                    public Duration timeout() {
                        return commandTimeout;
                    }

                    @Override
                    public MemorySize maxOutput() {
                        return new MemorySize(java.math.BigInteger.valueOf(512 * 1024));
                    }

                    @Override
                    public int parallelism() {
                        return 4;
                    }
                };
            }

            @Override
            public Install install() {
                return new Install() {
                    @Override
                    public Optional<String> toolsPath() {
                        return Optional.empty();
                    }

                    @Override
                    public String systemdDir() {
                        return "/etc/systemd/system";
                    }

                    @Override
                    public String systemdRuntimeDir() {
                        return "/run/systemd/system";
                    }

                    @Override
                    public String initDir() {
                        return "/etc/init.d";
                    }

                    @Override
                    public Optional<String> distribution() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<Boolean> assumeRoot() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public Widgets widgets() {
                return () -> false;
            }

            @Override
            public Http http() {
                return () -> false;
            }

            @Override
            public Cycle cycle() {
                return new Cycle() {
                    @Override
                    public Duration interval() {
                        return interval;
                    }

                    @Override
                    public boolean splay() {
                        return splay;
                    }
                };
            }
        };
    }
}

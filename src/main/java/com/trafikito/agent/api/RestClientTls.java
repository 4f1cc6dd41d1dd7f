package com.trafikito.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.restclient.config.RestClientsConfig;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.config.SmallRyeConfig;

/**
 * Applies Quarkus' own global TLS keys of the REST client to the clients {@link RestClients} builds per edge.
 * Quarkus applies {@code quarkus.rest-client.proxy-*}, {@code verify-host} and the like to programmatically
 * built clients itself, but the trust settings only to injected ({@code @RestClient}) ones, so this does it the
 * way those do: {@code quarkus.rest-client.tls-configuration-name} (a named configuration of the TLS registry,
 * e.g. {@code quarkus.tls.corporate.trust-store.pem.certs=/etc/ssl/corporate-ca.pem}) when set, else
 * {@code quarkus.rest-client.trust-store}, {@code -password} and {@code -type}. No agent.* key of its own.
 */
@Singleton
public class RestClientTls {

    private final RestClientsConfig config;
    private final TlsConfigurationRegistry registry;

    @Inject
    public RestClientTls(TlsConfigurationRegistry registry) {
        this.registry = registry;
        this.config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(RestClientsConfig.class);
    }

    /**
     * @throws IllegalStateException when a configured trust store cannot be loaded or the named TLS configuration
     *                               does not exist: the call fails, naming the key, rather than going out with the
     *                               JVM's default trust
     */
    public QuarkusRestClientBuilder configure(QuarkusRestClientBuilder builder) {
        Optional<TlsConfiguration> named = TlsConfiguration.from(registry, config.tlsConfigurationName());
        if (named.isPresent()) {
            return builder.tlsConfiguration(named.get());
        }
        if (config.trustStore().isPresent()) {
            String password = config.trustStorePassword().orElse(null);
            return builder.trustStore(loadTrustStore(config.trustStore().get(), password), password);
        }
        return builder;
    }

    private KeyStore loadTrustStore(String location, String password) {
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        String type = config.trustStoreType().orElse(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // No cause: the gateway reports the root cause, and this message names the key to fix.
            throw new IllegalStateException("quarkus.rest-client.trust-store " + path + " (type " + type
                    + ") cannot be loaded: " + e);
        }
    }
}

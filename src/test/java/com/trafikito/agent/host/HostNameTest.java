package com.trafikito.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default server name when {@code hostname -f} fails or says localhost: the short name, said; never localhost. */
class HostNameTest {

    @TempDir
    Path dir;

    @Test
    void theFullNameWhenThereIsOne() throws Exception {
        Host.HostName name = Host.serverName(hostname("web-1.example.com", "web-1"), kernel("web-1"));
        assertThat(name).isEqualTo(new Host.HostName(Optional.of("web-1.example.com"), Optional.empty()));
    }

    @Test
    void theShortNameWhenHostnameMinusFFailsAndItSaysSo() throws Exception {
        Host.HostName name = Host.serverName(hostname(null, "web-1"), kernel("web-1"));
        assertThat(name.name()).contains("web-1");
        assertThat(name.note().orElseThrow()).contains("`hostname -f` failed", "short host name \"web-1\"", "--server-name");
    }

    @Test
    void localhostFromHostnameMinusFIsNotANameEither() throws Exception {
        Host.HostName name = Host.serverName(hostname("localhost", "box"), kernel("box"));
        assertThat(name.name()).contains("box");
        assertThat(name.note().orElseThrow()).contains("answered \"localhost\"");
    }

    @Test
    void theKernelsNameWhenThereIsNoHostnameTool() throws Exception {
        Host.HostName name = Host.serverName(new SystemTools(dir.resolve("no-tools").toString()), kernel("box-2\n"));
        assertThat(name.name()).contains("box-2");
        assertThat(name.note()).isPresent();
    }

    @Test
    void noNameAtAllRatherThanLocalhost() throws Exception {
        Host.HostName name = Host.serverName(hostname("localhost.localdomain", "localhost"), kernel("localhost"));
        assertThat(name.name()).isEmpty();
        assertThat(name.note().orElseThrow()).contains("--server-name NAME");
    }

    /** A fake hostname: {@code -f} prints {@code full} (fails when null), no argument prints {@code shortName}. */
    private SystemTools hostname(String full, String shortName) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = bin.resolve("hostname");
        Files.writeString(tool, "#!/bin/sh\nif [ \"$1\" = -f ]; then "
                + (full == null ? "echo 'hostname: Name or service not known' >&2; exit 1" : "echo " + full)
                + "; else echo " + shortName + "; fi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SystemTools(bin.toString());
    }

    private Path kernel(String name) throws Exception {
        return Files.writeString(dir.resolve("kernel-hostname"), name);
    }
}

package com.trafikito.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OS facts of PROTOCOL.md 5.3, from the os-release files of the distributions the shell agent knew. */
class OsFactsTest {

    @Test
    void debian() {
        assertThat(OsFacts.parse("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                VERSION_CODENAME=bookworm
                ID=debian
                """)).isEqualTo(new OsFacts("debian", "bookworm", "12", "centos"));
    }

    @Test
    void ubuntuTakesTheMajorVersion() {
        assertThat(OsFacts.parse("ID=ubuntu\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\nUBUNTU_CODENAME=jammy\n"))
                .isEqualTo(new OsFacts("ubuntu", "jammy", "22", "centos"));
    }

    @Test
    void redHatAndOracleAreReportedAsCentosOfTheRedHatFlavor() {
        assertThat(OsFacts.parse("NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.3\"\nVERSION=\"9.3 (Plow)\"\n"))
                .isEqualTo(new OsFacts("centos", "plow", "9", "red hat linux"));
        assertThat(OsFacts.parse("ID=\"ol\"\nVERSION_ID=\"8.9\"\n")).isEqualTo(new OsFacts("centos", "", "8", "red hat linux"));
    }

    @Test
    void centosAmazonAndAlpine() {
        assertThat(OsFacts.parse("ID=\"centos\"\nVERSION_ID=\"7\"\nVERSION=\"7 (Core)\"\n"))
                .isEqualTo(new OsFacts("centos", "core", "7", "centos"));
        assertThat(OsFacts.parse("ID=\"amzn\"\nVERSION_ID=\"2023\"\n"))
                .isEqualTo(new OsFacts("amzn", "amazon-linux-ami", "2023", "amazon linux"));
        assertThat(OsFacts.parse("ID=alpine\nVERSION_ID=3.19.1\n")).isEqualTo(new OsFacts("alpine", "", "3", "centos"));
    }

    @Test
    void nothingKnownIsPlainLinux() {
        assertThat(OsFacts.parse("")).isEqualTo(new OsFacts("linux", "", "", "centos"));
        assertThat(OsFacts.ofThisHost().os()).isNotBlank();
    }
}

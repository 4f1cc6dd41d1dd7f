package com.trafikito.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.testing.Modes;

/** The sshd-like rule for var/, on real folders (the tests run as root, as the agent of a takeover may). */
class VarTrustTest {

    private static final long ROOT = 0;
    private static final long AGENT = 4242;

    @TempDir
    Path base;

    @Test
    void aFolderOnlyItsOwnerCanWriteIsTrusted() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        for (String mode : new String[] { "0700", "0755", "0500", "1755" }) {
            Modes.chmod(var, mode);
            assertThat(VarTrust.problem(var, ROOT)).as(mode).isEmpty();
        }
        assertThat(VarTrust.problem(var, AGENT)).as("root's folder, for an unprivileged agent").isEmpty();
        Modes.chown(var, AGENT + ":" + AGENT);
        assertThat(VarTrust.problem(var, AGENT)).isEmpty();
        assertThat(VarTrust.problem(base.resolve("missing"), ROOT)).as("created by the agent, as its own").isEmpty();
    }

    @Test
    void worldWritableStickyOrNotIsRefusedWithTheFix() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        for (String mode : new String[] { "0777", "1777", "0703" }) {
            Modes.chmod(var, mode);
            assertThat(VarTrust.problem(var, ROOT)).as(mode).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("writable by every user").contains("chmod go-w " + var));
        }
    }

    @Test
    void groupWritableWithAnotherGroupIsRefused() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        Modes.chown(var, "0:65534");
        Modes.chmod(var, "0770");
        assertThat(VarTrust.problem(var, ROOT)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("rwxrwx---").contains("writable by its group").contains("chmod go-w"));
    }

    @Test
    void ownedByAnotherUserIsRefusedEvenWhenOnlyThatUserCanWriteIt() throws Exception {
        Path var = Files.createDirectory(base.resolve("var"));
        Modes.chown(var, "65534:65534"); // the old RUNAS user of a shell-agent installation, the agent now root
        assertThat(VarTrust.problem(var, ROOT)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("owned by uid 65534").contains("chown 0 " + var));
        assertThat(VarTrust.problem(var, AGENT)).isPresent();
        assertThat(VarTrust.problem(var, 65534)).isEmpty();
    }

    @Test
    void aFileInPlaceOfTheFolderIsRefused() throws Exception {
        Path var = Files.writeString(base.resolve("var"), "x");
        assertThat(VarTrust.problem(var, ROOT)).hasValue(var + " is not a folder");
    }

    @Test
    void aLinkAtVarItselfIsJudgedByItsTarget() throws Exception {
        Path real = Files.createDirectory(base.resolve("real"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path var = Files.createSymbolicLink(base.resolve("var"), real);
        assertThat(VarTrust.problem(var, ROOT)).isEmpty();
        Modes.chmod(real, "1777");
        assertThat(VarTrust.problem(var, ROOT)).isPresent();
    }
}

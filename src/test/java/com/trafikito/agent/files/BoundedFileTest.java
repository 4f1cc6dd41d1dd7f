package com.trafikito.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.files.BoundedFile.Content;
import com.trafikito.agent.files.BoundedFile.Invalid;
import com.trafikito.agent.files.BoundedFile.Links;
import com.trafikito.agent.files.BoundedFile.Missing;
import com.trafikito.agent.files.BoundedFile.Read;

/**
 * Every kind of file a hostile command or user can leave where the agent reads: each is refused with what it is,
 * quickly, without reading more than the bound. (A timeout fails the FIFO case instead of hanging the build.)
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BoundedFileTest {

    static final int MAX = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void aSmallRegularFileIsReadWhole() throws IOException {
        Path file = Files.writeString(dir.resolve("STOP"), "STOP gone\n");

        assertThat(read(file, Links.NOFOLLOW)).isInstanceOfSatisfying(Content.class,
                c -> assertThat(new String(c.bytes(), StandardCharsets.UTF_8)).isEqualTo("STOP gone\n"));
    }

    @Test
    void aMissingFileIsMissing() {
        assertThat(read(dir.resolve("none"), Links.NOFOLLOW)).isInstanceOf(Missing.class);
        assertThat(read(dir.resolve("none"), Links.FOLLOW)).isInstanceOf(Missing.class);
    }

    @Test
    void aFileUnderAPathPartThatIsAFileIsMissing() throws IOException {
        Path notADir = Files.writeString(dir.resolve("var"), "a file where var/ should be");

        assertThat(read(notADir.resolve("STOP"), Links.NOFOLLOW)).isInstanceOf(Missing.class);
        assertThat(read(notADir.resolve("STOP"), Links.FOLLOW)).isInstanceOf(Missing.class);
    }

    @Test
    void aHugeFileIsRefusedUnread() throws IOException {
        Path file = dir.resolve("state");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(100L * 1024 * 1024);
        }

        assertThat(reason(read(file, Links.NOFOLLOW))).isEqualTo(file + " is over 65536 bytes (104857600)");
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("STOP");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThat(reason(read(fifo, Links.NOFOLLOW))).isEqualTo(fifo + " is a FIFO (named pipe), not a regular file");
        assertThat(reason(read(fifo, Links.FOLLOW))).isEqualTo(fifo + " is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aSymlinkToDevZeroIsNotFollowedWhereTheContractDoesNotFollowAndIsADeviceWhereItDoes() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("error-100"), Path.of("/dev/zero"));

        assertThat(reason(read(link, Links.NOFOLLOW))).isEqualTo(link + " is a symlink (not followed)");
        assertThat(reason(read(link, Links.FOLLOW))).isEqualTo(link + " (-> /dev/zero) is a character device, not a"
                + " regular file");
    }

    @Test
    void aDirectoryIsSaidToBeOne() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("last_config.tmp"));

        assertThat(reason(read(sub, Links.NOFOLLOW))).isEqualTo(sub + " is a directory, not a file");
    }

    @Test
    void aSymlinkLoopIsSaidToBeOneNotMissing() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);

        assertThat(reason(read(a, Links.FOLLOW))).isEqualTo(a + " is a symlink loop (too many levels of symbolic"
                + " links)");
        assertThat(reason(read(a, Links.NOFOLLOW))).isEqualTo(a + " is a symlink (not followed)");
    }

    @Test
    void aDanglingSymlinkIsNotMissing() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("cfg"), dir.resolve("gone"));

        assertThat(reason(read(link, Links.FOLLOW))).isEqualTo(link + " is a symlink to a missing file");
    }

    @Test
    void aRegularFileThatCannotBeReadIsUnreadable() throws IOException {
        // /proc/self/mem is a regular file that even root cannot read from offset 0 (EIO).
        Path link = Files.createSymbolicLink(dir.resolve("trafikito.cfg"), Path.of("/proc/self/mem"));

        assertThat(reason(read(link, Links.FOLLOW))).contains(" is unreadable: ");
    }

    @Test
    void aFileWithoutReadPermissionIsUnreadable() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads any file").isNotEqualTo("root");
        Path file = Files.writeString(dir.resolve("state"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

        assertThat(reason(read(file, Links.NOFOLLOW))).isEqualTo(file + " is unreadable: Permission denied");
    }

    @Test
    void aFollowedSymlinkToARegularFileIsRead() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);

        assertThat(read(link, Links.FOLLOW)).isInstanceOf(Content.class);
    }

    private static Read read(Path file, Links links) {
        return BoundedFile.read(file, MAX, links);
    }

    private static String reason(Read read) {
        assertThat(read).isInstanceOf(Invalid.class);
        return ((Invalid) read).reason();
    }

}

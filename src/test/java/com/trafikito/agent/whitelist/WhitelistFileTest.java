package com.trafikito.agent.whitelist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.trafikito.agent.host.ProcessUser;

class WhitelistFileTest {

    private static final String GOOD = "# mine\ntrafikito_uptime=\"uptime\"\n";

    @TempDir
    Path tmp;
    Path dir;
    long uid;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(tmp.resolve("trafikito"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        uid = ProcessUser.currentUid();
    }

    private Path write(String name, byte[] content, String mode) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private Path write(String name, String content, String mode) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    private static String refusal(WhitelistLoad load) {
        assertThat(load).isInstanceOf(WhitelistLoad.Refused.class);
        return ((WhitelistLoad.Refused) load).reason();
    }

    private static Whitelist loaded(WhitelistLoad load) {
        assertThat(load).isInstanceOf(WhitelistLoad.Loaded.class);
        return ((WhitelistLoad.Loaded) load).whitelist();
    }

    @Test
    void loadsAnOwnersFile() throws IOException {
        Path file = write("available_commands.sh", GOOD + "junk\n", "rw-r--r--");

        Whitelist w = loaded(WhitelistFile.load(file, uid));

        assertThat(w.entries()).extracting(WhitelistEntry::name).containsExactly("trafikito_uptime");
        assertThat(w.invalidLines()).containsExactly(new InvalidLine(3, "junk"));
    }

    @Test
    void refusesAMissingFile() {
        Path file = dir.resolve("available_commands.sh");

        assertThat(refusal(WhitelistFile.load(file, uid))).contains(file.toString()).contains("missing");
    }

    @Test
    void refusesADanglingSymlink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("available_commands.sh"), dir.resolve("gone"));

        assertThat(refusal(WhitelistFile.load(link, uid))).contains(link.toString()).contains("missing");
    }

    @Test
    void refusesADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("available_commands.sh"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(refusal(WhitelistFile.load(sub, uid))).contains(sub.toString()).contains("is a directory");
    }

    @Test
    void refusesAFileOverOneMebibyteAndTakesOneOfExactlyThatSize() throws IOException {
        byte[] max = new byte[WhitelistFile.MAX_BYTES];
        Arrays.fill(max, (byte) '#');
        max[max.length - 1] = '\n';
        Path exact = write("exact.sh", max, "rw-r--r--");
        byte[] over = Arrays.copyOf(max, max.length + 1);
        over[over.length - 1] = '\n';
        Path big = write("big.sh", over, "rw-r--r--");

        assertThat(loaded(WhitelistFile.load(exact, uid)).isClean()).isTrue();
        assertThat(refusal(WhitelistFile.load(big, uid))).contains(big.toString()).contains("over 1048576 bytes");
    }

    @Test
    void refusesAGroupWritableFile() throws IOException {
        Path file = write("available_commands.sh", GOOD, "rw-rw-r--");

        assertThat(refusal(WhitelistFile.load(file, uid))).contains(file.toString()).contains("file is group-writable");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(WhitelistFile.load(file, uid)).isInstanceOf(WhitelistLoad.Loaded.class);
    }

    @Test
    void refusesAWorldWritableFile() throws IOException {
        Path file = write("available_commands.sh", GOOD, "rw-r--rw-");

        assertThat(refusal(WhitelistFile.load(file, uid))).contains("file is world-writable");
    }

    @Test
    void refusesAGroupWritableDirectoryEvenWithTheStickyBit() throws IOException, InterruptedException {
        Path file = write("available_commands.sh", GOOD, "rw-r--r--");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(refusal(WhitelistFile.load(file, uid))).contains("directory is group-writable");

        // the sticky bit (not settable through java.nio) changes nothing: like /tmp, still refused
        Process chmod = new ProcessBuilder("chmod", "1777", dir.toString()).start();
        assertThat(chmod.waitFor()).isZero();
        assertThat(refusal(WhitelistFile.load(file, uid))).contains("directory is group-writable");
    }

    @Test
    void acceptsASymlinkToAGoodFile() throws IOException {
        // a Kubernetes ConfigMap: the mount point may be world-writable, the real file's directory is not
        Path data = Files.createDirectory(dir.resolve("..2024_01_01"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path real = Files.writeString(data.resolve("available_commands.sh"), GOOD);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
        Path mount = Files.createDirectory(tmp.resolve("mount"));
        Files.setPosixFilePermissions(mount, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(mount.resolve("available_commands.sh"), real);

        assertThat(loaded(WhitelistFile.load(link, uid)).entries()).hasSize(1);
    }

    @Test
    void refusesASymlinkToAGroupWritableFile() throws IOException {
        Path real = write("real.sh", GOOD, "rw-rw-r--");
        Path link = Files.createSymbolicLink(dir.resolve("available_commands.sh"), real);

        assertThat(refusal(WhitelistFile.load(link, uid))).contains(link.toString()).contains(real.toString())
                .contains("group-writable");
    }

    @Test
    void aLineThatIsNotUtf8IsInvalidAndTheOtherLinesStillRun() throws IOException {
        byte[] head = "# ok\ntrafikito_a=\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"\ntrafikito_b=\"echo b\"\n".getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(head, head.length + 2 + tail.length);
        content[head.length] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        content[head.length + 1] = 'x';
        System.arraycopy(tail, 0, content, head.length + 2, tail.length);
        Path file = write("available_commands.sh", content, "rw-r--r--");

        Whitelist whitelist = loaded(WhitelistFile.load(file, uid));

        assertThat(whitelist.find("trafikito_b")).map(WhitelistEntry::commandLine).contains("echo b");
        assertThat(whitelist.find("trafikito_a")).isEmpty();
        assertThat(whitelist.invalidLines()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(2);
            assertThat(line.problem()).isEqualTo("not valid UTF-8");
            assertThat(line.describe()).isEqualTo("line 2: trafikito_a=\"\uFFFDx\"");
        });
    }

    @Test
    void aLatin1CommentIsStillACommentAndATruncatedSequenceAtTheEndIsAnInvalidLine() throws IOException {
        Path comment = write("available_commands.sh", new byte[] { '#', ' ', (byte) 0xE9, '\n', 't', 'r', 'a', 'f',
                'i', 'k', 'i', 't', 'o', '_', 'a', '=', '"', 'a', '"', '\n' }, "rw-r--r--");
        assertThat(loaded(WhitelistFile.load(comment, uid)).isClean()).isTrue();

        Path truncated = write("available_commands.sh", new byte[] { 't', '=', (byte) 0xE2, (byte) 0x82 }, "rw-r--r--");
        assertThat(loaded(WhitelistFile.load(truncated, uid)).invalidLines()).singleElement()
                .satisfies(line -> assertThat(line.problem()).isEqualTo("not valid UTF-8"));
    }

    @Test
    void refusesAFifoASymlinkToDevZeroAndASymlinkLoopSayingWhatEachIs() throws Exception {
        Path fifo = dir.resolve("available_commands.sh");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(refusal(WhitelistFile.load(fifo, uid))).isEqualTo(fifo + " is a FIFO (named pipe), not a regular file");
        Files.delete(fifo);

        Files.createSymbolicLink(fifo, Path.of("/dev/zero"));
        assertThat(refusal(WhitelistFile.load(fifo, uid))).isEqualTo(fifo + " (-> /dev/zero) is a character device, not a"
                + " regular file");
        Files.delete(fifo);

        Files.createSymbolicLink(fifo, dir.resolve("loop"));
        Files.createSymbolicLink(dir.resolve("loop"), fifo);
        assertThat(refusal(WhitelistFile.load(fifo, uid))).isEqualTo(fifo + " is a symlink loop (too many levels of"
                + " symbolic links)");
    }

    @Test
    void acceptsMultiByteUtf8() throws IOException {
        Path file = write("available_commands.sh", "# naïve € 😀\ntrafikito_a=\"echo 😀\"\n", "rw-r--r--");

        assertThat(loaded(WhitelistFile.load(file, uid)).find("trafikito_a")).map(WhitelistEntry::commandLine).contains("echo 😀");
    }

    @Test
    void ownershipRule() {
        Set<PosixFilePermission> rwr = PosixFilePermissions.fromString("rw-r--r--");

        assertThat(WhitelistFile.checkOwnerAndMode("file", 0, rwr, 1000)).isEmpty();
        assertThat(WhitelistFile.checkOwnerAndMode("file", 1000, rwr, 1000)).isEmpty();
        assertThat(WhitelistFile.checkOwnerAndMode("file", 1001, rwr, 1000))
                .hasValue("file is owned by uid 1001, neither root nor the agent's uid 1000");
        assertThat(WhitelistFile.checkOwnerAndMode("directory", 1001, PosixFilePermissions.fromString("rwxr-xr-x"), 0))
                .hasValueSatisfying(p -> assertThat(p).startsWith("directory is owned by uid 1001"));
        assertThat(WhitelistFile.checkOwnerAndMode("file", 0, PosixFilePermissions.fromString("rw-rw----"), 0))
                .hasValue("file is group-writable");
        assertThat(WhitelistFile.checkOwnerAndMode("file", 0, PosixFilePermissions.fromString("rw----rw-"), 0))
                .hasValue("file is world-writable");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        Path file = write("available_commands.sh", GOOD, "rw-r--r--");
        long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        long someoneElse = owner + 4242;

        // as root (CI) the file is root's and accepted for any agent uid; otherwise it is another user's
        WhitelistLoad load = WhitelistFile.load(file, someoneElse);
        if (owner == 0) {
            assertThat(load).isInstanceOf(WhitelistLoad.Loaded.class);
        } else {
            assertThat(refusal(load)).contains("owned by uid " + owner);
        }
    }

    @Test
    void bundledSampleIsCleanWithTheSixteenDefaultCommands() {
        Whitelist sample = WhitelistFile.loadBundledSample();

        assertThat(sample.isClean()).isTrue();
        assertThat(sample.entries()).extracting(WhitelistEntry::line).containsExactlyElementsOf(DEFAULTS);
        assertThat(sample.entries()).extracting(WhitelistEntry::name).containsExactly(
                "trafikito_free", "trafikito_cpu_info_full", "trafikito_cpu_info", "trafikito_uptime",
                "trafikito_cpu_processors_count", "trafikito_vmstat", "trafikito_df_p", "trafikito_hostname",
                "trafikito_hostname_full", "trafikito_df_h", "trafikito_lsof_count_network_connections",
                "trafikito_lsof_count_open_files", "trafikito_netstat_i", "trafikito_vmstat_s", "trafikito_top",
                "trafikito_ps");
        assertThat(WhitelistFile.bundledSampleText()).startsWith("#").contains("LC_ALL=C").contains("group- or world-writable");
    }

    /** PROTOCOL.md section 5, byte for byte. */
    private static final List<String> DEFAULTS = """
            trafikito_free="free"
            trafikito_cpu_info_full="cat /proc/cpuinfo | sed '/^\\s*$/q'"
            trafikito_cpu_info="cat /proc/cpuinfo | sed '/^\\s*$/q' | grep -i 'cache\\|core\\|model\\|mhz\\|sibling\\|vendor\\|family'"
            trafikito_uptime="uptime"
            trafikito_cpu_processors_count="cat /proc/cpuinfo 2>&1 | grep processor | wc -l"
            trafikito_vmstat="vmstat"
            trafikito_df_p="df -P"
            trafikito_hostname="hostname"
            trafikito_hostname_full="hostname -f"
            trafikito_df_h="df -h"
            trafikito_lsof_count_network_connections="lsof -i | grep -- '->' | wc -l"
            trafikito_lsof_count_open_files="lsof | wc -l"
            trafikito_netstat_i="netstat -i"
            trafikito_vmstat_s="vmstat -s"
            trafikito_top="top -bcn1 -o %MEM | sed -e '1,/^\\s*$/ d' | head -n 7"
            trafikito_ps="ps aux --sort=-%mem,-%cpu --width 200 | head -n 7"
            """.lines().toList();
}

package com.trafikito.agent.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.trafikito.agent.config.AgentVersion;
import com.trafikito.agent.files.BoundedFile;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * Writes the base dir. A new installation is built in a folder beside the base dir and renamed into place, so
 * that it appears whole or not at all; an existing one is changed file by file through the {@link Journal}.
 * The owner's files (whitelist, config, settings, JVM options, state) are never rewritten, only added to.
 */
@ApplicationScoped
public class InstallFiles {

    static final String JVM_OPTIONS_RESOURCE = "/packaging/jvm.options";

    static final String DIR = "rwxr-xr-x";
    static final String PRIVATE_DIR = "rwx------";
    static final String READABLE = "rw-r--r--";
    static final String SECRET = "rw-------";

    /** What goes into the files, decided before any change. */
    /**
     * @param cfgValues  the keys of etc/trafikito.cfg to set (all of them on a registration, else RUNAS)
     * @param initial    the initial whitelist: the API's or the bundled one
     * @param registered whether {@code initial} comes with a new registration: then it is merged into an
     *                   existing whitelist; else an existing whitelist is kept as it is
     */
    public record Contents(Map<String, String> cfgValues, Registration.InitialCommands initial, boolean registered) {
    }

    public void writeFresh(InstallPlan plan, Contents contents, Journal journal, Consumer<String> say)
            throws IOException, InstallException {
        Path base = plan.paths().baseDir();
        FileOps.mkdir(journal, base.getParent(), DIR, null);
        Path stage = Files.createTempDirectory(base.getParent(), "." + base.getFileName() + ".install-");
        try {
            InstallPaths staged = new InstallPaths(stage);
            Journal inside = new Journal(); // the staging folder goes as a whole on failure
            FileOps.Owner owner = plan.serviceOwner().orElse(null);
            writeAgent(plan, staged, inside, say);
            FileOps.write(inside, staged.whitelist(), WhitelistText.fresh(contents.initial().whitelist(),
                    contents.initial().origin()), READABLE, null);
            FileOps.mkdir(inside, staged.etcDir(), DIR, null);
            FileOps.write(inside, staged.cfg(), CfgText.fresh(contents.cfgValues()), SECRET, owner);
            FileOps.write(inside, staged.properties(), PropertiesText.render(), READABLE, null);
            FileOps.write(inside, staged.jvmOptions(), jvmOptions(), READABLE, null);
            FileOps.mkdir(inside, staged.varDir(), PRIVATE_DIR, owner);
            FileOps.chmod(inside, stage, DIR);
            if (Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(base); // empty, as Existing checked
                journal.done("remove the empty " + base, () -> Files.createDirectory(base));
            }
            Files.move(stage, base, StandardCopyOption.ATOMIC_MOVE);
            journal.done("create " + base, () -> FileOps.deleteTree(base));
        } finally {
            FileOps.deleteTree(stage);
        }
        say.accept("wrote " + base + ": agent, available_commands.sh (" + contents.initial().whitelist()
                .effectiveEntries().size() + " commands from " + contents.initial().origin()
                + "), etc/trafikito.cfg, etc/agent.properties, etc/jvm.options, var/");
    }

    public void updateExisting(InstallPlan plan, Contents contents, Journal journal, Consumer<String> say)
            throws IOException, InstallException {
        InstallPaths paths = plan.paths();
        FileOps.Owner owner = plan.serviceOwner().orElse(null);
        writeAgent(plan, paths, journal, say);
        updateWhitelist(paths, contents, journal, say);
        FileOps.mkdir(journal, paths.etcDir(), DIR, null);
        updateConfig(plan, contents.cfgValues(), owner, journal, say);
        if (!Files.exists(paths.properties())) {
            FileOps.write(journal, paths.properties(), PropertiesText.render(), READABLE, null);
            say.accept("wrote " + paths.properties() + " (every setting, commented out, with its default)");
        }
        if (!Files.exists(paths.jvmOptions())) {
            FileOps.write(journal, paths.jvmOptions(), jvmOptions(), READABLE, null);
            say.accept("wrote " + paths.jvmOptions());
        } else if (!(BoundedFile.read(paths.jvmOptions(), BoundedFile.DEFAULT_MAX_BYTES, BoundedFile.Links.FOLLOW)
                instanceof BoundedFile.Content content && new String(content.bytes(), StandardCharsets.UTF_8)
                        .equals(jvmOptions()))) {
            say.accept("kept your " + paths.jvmOptions() + "; it differs from this version's defaults (see"
                    + " docker/jvm.options of the release)");
        }
        FileOps.mkdir(journal, paths.varDir(), PRIVATE_DIR, owner);
        if (plan.reRegister()) {
            for (Path stale : new Path[] { paths.stopFile(), paths.lastConfig() }) {
                if (Files.exists(stale, LinkOption.NOFOLLOW_LINKS)) {
                    // Kept for the undo only when it is a small regular file; a link, FIFO or device is just removed.
                    BoundedFile.Read read = BoundedFile.read(stale, BoundedFile.DEFAULT_MAX_BYTES,
                            BoundedFile.Links.NOFOLLOW);
                    Files.delete(stale);
                    if (read instanceof BoundedFile.Content old) {
                        journal.done("delete " + stale,
                                () -> FileOps.write(new Journal(), stale, old.bytes(), SECRET, owner));
                    }
                    say.accept("deleted " + stale + ": it belonged to the previous server id");
                }
            }
        }
        Tightening.apply(plan, journal, say);
    }

    /** The launcher and jar folder, or the native executable. Skipped when install runs from the target itself. */
    private void writeAgent(InstallPlan plan, InstallPaths target, Journal journal, Consumer<String> say)
            throws IOException {
        Distribution.Source source = plan.distribution();
        InstallPaths finalPaths = plan.paths();
        if (source.nativeExecutable()) {
            if (isSame(source.path(), finalPaths.launcher())) {
                say.accept("kept " + finalPaths.launcher() + ": install runs from it");
                return;
            }
            Path copy = Files.createTempFile(target.baseDir(), ".agent.", ".new");
            Files.copy(source.path(), copy, StandardCopyOption.REPLACE_EXISTING);
            FileOps.chmod(new Journal(), copy, DIR);
            replace(journal, target.launcher(), copy);
            return;
        }
        String launcher = Launcher.render(finalPaths.baseDir(), Path.of(System.getProperty("java.home"), "bin", "java"),
                AgentVersion.current());
        FileOps.write(journal, target.launcher(), launcher, DIR, null);
        if (isSame(source.path(), finalPaths.appDir())) {
            say.accept("kept " + finalPaths.appDir() + ": install runs from it");
            return;
        }
        FileOps.mkdir(journal, target.libDir(), DIR, null);
        Path copy = Files.createTempDirectory(target.libDir(), ".quarkus-app.new-");
        try {
            FileOps.copyTree(source.path(), copy);
            FileOps.chmod(new Journal(), copy, DIR);
            replace(journal, target.appDir(), copy);
        } finally {
            FileOps.deleteTree(copy);
        }
        if (target.equals(finalPaths)) {
            say.accept("installed this agent's jar folder " + source.path() + " as " + finalPaths.appDir());
        }
    }

    /** Moves {@code fresh} to {@code target}; the file or tree it replaces is deleted only after success. */
    private static void replace(Journal journal, Path target, Path fresh) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path aside = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            FileOps.deleteTree(aside);
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            // Undo runs in reverse: the new target is deleted first, then this puts the old one back.
            journal.done("move " + target + " aside", () -> Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE));
            journal.onSuccess("delete the previous " + aside, () -> FileOps.deleteTree(aside));
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        journal.done("install " + target, () -> FileOps.deleteTree(target));
    }

    private static void updateWhitelist(InstallPaths paths, Contents contents, Journal journal, Consumer<String> say)
            throws IOException {
        Path file = paths.whitelist();
        Registration.InitialCommands initial = contents.initial();
        if (!Files.exists(file)) {
            FileOps.write(journal, file, WhitelistText.fresh(initial.whitelist(), initial.origin()), READABLE, null);
            say.accept("wrote " + file + " (" + initial.whitelist().effectiveEntries().size() + " commands from "
                    + initial.origin() + ")");
            return;
        }
        String old = readBounded(file, WhitelistFile.MAX_BYTES);
        String merged = contents.registered()
                ? WhitelistText.merge(old, initial.whitelist(), initial.origin()) : old;
        if (merged.equals(old)) {
            say.accept("kept " + file + " as it is");
            return;
        }
        FileOps.write(journal, file, merged, FileOps.permissions(file), FileOps.ownerOf(file));
        say.accept("added to " + file + " the commands of " + initial.origin() + " it did not have;"
                + " every line that was there is kept");
    }

    private static void updateConfig(InstallPlan plan, Map<String, String> values, FileOps.Owner owner, Journal journal,
            Consumer<String> say) throws IOException {
        Path file = plan.existing().credentialsFile();
        boolean exists = Files.exists(file);
        String old = exists ? readBounded(file, BoundedFile.DEFAULT_MAX_BYTES) : "";
        String text = values.isEmpty() ? old : exists ? CfgText.update(old, values) : CfgText.fresh(values);
        if (text.equals(old)) {
            say.accept("kept " + file + " as it is (server id " + plan.existing().serverCredentials()
                    .map(c -> c.serverId()).orElse("?") + ")");
            return;
        }
        FileOps.write(journal, file, text, SECRET, owner != null ? owner : exists ? FileOps.ownerOf(file) : null);
        // Names of the keys only: their values are secrets or were given by the user.
        String changed = String.join(", ", values.keySet().stream()
                .filter(key -> !plan.existing().value(key).equals(Optional.of(values.get(key)))).toList());
        say.accept((exists ? "updated " : "wrote ") + file + ": set " + changed + (exists ? " (other lines kept)" : ""));
    }

    /** The JVM options shipped in the agent (docker/jvm.options of the build). */
    static String jvmOptions() {
        try (InputStream in = InstallFiles.class.getResourceAsStream(JVM_OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + JVM_OPTIONS_RESOURCE + " is missing from the agent");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSame(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A file install rewrites, read like every file of an installation: regular, bounded, links followed. */
    private static String readBounded(Path file, int maxBytes) throws IOException {
        BoundedFile.Read read = BoundedFile.read(file, maxBytes, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Content content) {
            return new String(content.bytes(), StandardCharsets.UTF_8);
        }
        throw new IOException(read instanceof BoundedFile.Invalid invalid ? invalid.reason() : file + " is gone");
    }
}

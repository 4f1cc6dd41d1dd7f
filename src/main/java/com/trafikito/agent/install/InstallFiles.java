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
import com.trafikito.agent.host.FileOps;
import com.trafikito.agent.host.Journal;
import com.trafikito.agent.nativeimage.NativeManifest;
import com.trafikito.agent.whitelist.WhitelistFile;

/**
 * Writes the base dir. A new installation is built in a folder beside the base dir and renamed into place, so
 * that it appears whole or not at all; an existing one is changed file by file through the {@link Journal}.
 * The owner's files (whitelist, config, settings, JVM options, state) are never rewritten, only added to.
 */
@ApplicationScoped
public class InstallFiles {

    static final String JVM_OPTIONS_RESOURCE = "/" + NativeManifest.JVM_OPTIONS;

    /** A launcher script is a few hundred bytes; a larger {@code agent} is a native executable. */
    private static final long LAUNCHER_MAX_SIZE = 64 * 1024;

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
    /**
     * @param apiUrl the API install talked to, when it is not the default and not what etc/agent.properties
     *               already says: kept there, so that the service sends to the API that gave it its server id
     */
    public record Contents(Map<String, String> cfgValues, Registration.InitialCommands initial, boolean registered,
            Optional<String> apiUrl) {
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
            FileOps.write(inside, staged.properties(), contents.apiUrl().map(url -> PropertiesText.withApiUrl(
                    PropertiesText.render(), url)).orElse(PropertiesText.render()), READABLE, null);
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
        contents.apiUrl().ifPresent(url -> say.accept(keptApiUrl(base.resolve("etc/agent.properties"), url)));
        say.accept("wrote " + base + ": agent" + (plan.distribution().runtime().isPresent()
                ? ", lib/quarkus-app, lib/runtime (its Java runtime)" : "") + ", available_commands.sh (" + contents.initial().whitelist()
                .effectiveEntries().size() + " commands from " + contents.initial().origin()
                + "), etc/trafikito.cfg, etc/agent.properties, etc/jvm.options, var/ (0700, "
                + (plan.serviceOwner().isPresent() ? "owned by the service user " + plan.runAs() : "yours")
                + ": only the agent writes there)");
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
        if (contents.apiUrl().isPresent()) {
            String old = readBounded(paths.properties(), BoundedFile.DEFAULT_MAX_BYTES);
            String url = contents.apiUrl().get();
            if (!PropertiesText.apiUrl(old).equals(Optional.of(url))) {
                FileOps.write(journal, paths.properties(), PropertiesText.withApiUrl(old, url),
                        FileOps.permissions(paths.properties()), FileOps.ownerOf(paths.properties()));
                say.accept(keptApiUrl(paths.properties(), url));
            }
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
            if (target.equals(finalPaths)) {
                say.accept("installed this agent's native executable " + source.path() + " as " + finalPaths.launcher());
            }
            // A JVM installation's jar folder is of no use to the native executable: gone once the service runs.
            if (Files.exists(target.appDir(), LinkOption.NOFOLLOW_LINKS)) {
                retire(journal, target.appDir());
                say.accept("removed the jar folder " + finalPaths.appDir() + " of the JVM installation it replaces");
            }
            if (Files.exists(target.runtimeDir(), LinkOption.NOFOLLOW_LINKS)) {
                retire(journal, target.runtimeDir());
                say.accept("removed the Java runtime " + finalPaths.runtimeDir() + " of the JVM installation it replaces");
            }
            return;
        }
        String launcher = source.runtime().isPresent()
                ? Launcher.renderWithRuntime(finalPaths.baseDir(), AgentVersion.current())
                : Launcher.render(finalPaths.baseDir(), Path.of(System.getProperty("java.home"), "bin", "java"),
                        AgentVersion.current());
        // A native executable in its place is moved aside rather than kept in memory for undo (it is tens of MB).
        if (Files.isRegularFile(target.launcher(), LinkOption.NOFOLLOW_LINKS)
                && Files.size(target.launcher()) > LAUNCHER_MAX_SIZE) {
            retire(journal, target.launcher());
            say.accept("replaced the native executable " + finalPaths.launcher() + " with the JVM launcher");
        }
        FileOps.write(journal, target.launcher(), launcher, DIR, null);
        FileOps.mkdir(journal, target.libDir(), DIR, null);
        copyFolder(journal, source.path(), finalPaths.appDir(), target.appDir(), say, "jar folder");
        if (source.runtime().isPresent()) {
            copyFolder(journal, source.runtime().get(), finalPaths.runtimeDir(), target.runtimeDir(), say,
                    "Java runtime");
        } else if (Files.exists(target.runtimeDir(), LinkOption.NOFOLLOW_LINKS)) {
            // The launcher now pins the Java that runs install: a runtime of an earlier archive would be left unused.
            replace(journal, target.runtimeDir(), null);
            say.accept("removed " + finalPaths.runtimeDir() + ": this agent was not installed from the archive, its"
                    + " launcher uses " + System.getProperty("java.home"));
        }
    }

    /** Moves {@code path} aside and deletes it only after success; undone, it is moved back. */
    private static void retire(Journal journal, Path path) throws IOException {
        Path aside = path.resolveSibling("." + path.getFileName() + ".old-" + ProcessHandle.current().pid());
        FileOps.deleteTree(aside);
        Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        journal.done("move " + path + " aside", () -> Files.move(aside, path, StandardCopyOption.ATOMIC_MOVE));
        journal.onSuccess("delete the previous " + aside, () -> FileOps.deleteTree(aside));
    }

    /**
     * Copies a folder of the distribution ({@code quarkus-app}, the Java runtime) to {@code target} beside it and
     * swaps it in; skipped when install runs from that very folder.
     */
    private static void copyFolder(Journal journal, Path source, Path finalPath, Path target, Consumer<String> say,
            String what) throws IOException {
        if (isSame(source, finalPath)) {
            say.accept("kept " + finalPath + ": install runs from it");
            return;
        }
        Path copy = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".new-");
        try {
            FileOps.copyTree(source, copy);
            FileOps.chmod(new Journal(), copy, DIR);
            replace(journal, target, copy);
        } finally {
            FileOps.deleteTree(copy);
        }
        if (target.equals(finalPath)) {
            say.accept("installed this agent's " + what + " " + source + " as " + finalPath);
        }
    }

    /**
     * Moves {@code fresh} to {@code target}; the file or tree it replaces is deleted only after success. A null
     * {@code fresh} only removes {@code target}, the same way.
     */
    private static void replace(Journal journal, Path target, Path fresh) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path aside = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            FileOps.deleteTree(aside);
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            // Undo runs in reverse: the new target is deleted first, then this puts the old one back.
            journal.done("move " + target + " aside", () -> Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE));
            journal.onSuccess("delete the previous " + aside, () -> FileOps.deleteTree(aside));
        }
        if (fresh == null) {
            return;
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
            say.accept("kept the lines of " + file + " as they are"); // its mode may still be tightened below
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
            say.accept("kept the content of " + file + " as it is (server id " + plan.existing().serverCredentials()
                    .map(c -> c.serverId()).orElse("?") + ")");
            return;
        }
        FileOps.write(journal, file, text, SECRET, owner != null ? owner : exists ? FileOps.ownerOf(file) : null);
        // Names of the keys only: their values are secrets or were given by the user.
        String changed = String.join(", ", values.keySet().stream()
                .filter(key -> !plan.existing().value(key).equals(Optional.of(values.get(key)))).toList());
        say.accept((exists ? "updated " : "wrote ") + file + ": set " + changed + (exists ? " (other lines kept)" : ""));
    }

    private static String keptApiUrl(Path properties, String url) {
        return "set agent.api.url=" + url + " in " + properties + ": the service sends to the API this install"
                + " talked to, not to the default " + PropertiesText.DEFAULT_API_URL;
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
    static String readBounded(Path file, int maxBytes) throws IOException {
        BoundedFile.Read read = BoundedFile.read(file, maxBytes, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Content content) {
            return new String(content.bytes(), StandardCharsets.UTF_8);
        }
        throw new IOException(read instanceof BoundedFile.Invalid invalid ? invalid.reason() : file + " is gone");
    }
}

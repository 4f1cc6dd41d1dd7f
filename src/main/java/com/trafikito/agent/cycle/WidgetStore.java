package com.trafikito.agent.cycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.trafikito.agent.config.AgentPaths;
import com.trafikito.agent.host.ProcessUser;
import com.trafikito.agent.state.VarDir;
import com.trafikito.agent.whitelist.Whitelist;
import com.trafikito.agent.whitelist.WhitelistEntry;
import com.trafikito.agent.whitelist.WhitelistFile;
import com.trafikito.agent.whitelist.WhitelistLoad;

/**
 * {@code var/widget_commands.sh}: the widget lines, apart from the owner's whitelist. Whoever can write this file
 * can run commands as the agent, so it is read exactly like {@code available_commands.sh} (a bounded regular file
 * that only root or the agent's user can write, else refused as a whole) and written only through {@link VarDir}
 * (atomically, readable by the agent's user only, and not at all in a {@code var/} others can write).
 */
@ApplicationScoped
public class WidgetStore {

    private final Path file;
    private final VarDir var;
    private final long uid;

    @Inject
    public WidgetStore(AgentPaths paths, VarDir var) {
        this(paths.widgetCommands(), var, ProcessUser.currentUid());
    }

    /** @param uid the agent's uid: the file and its folder must be owned by it or by root */
    public WidgetStore(Path file, VarDir var, long uid) {
        this.file = file;
        this.var = var;
        this.uid = uid;
    }

    public Path path() {
        return file;
    }

    /** The widget lines, or why the file is refused; a missing file has no lines. */
    public WhitelistLoad load() {
        return load(file, uid);
    }

    /** Why the file is refused; empty when it is fine or absent. */
    public Optional<String> problem() {
        return problem(file, uid);
    }

    /**
     * Why the widget file at {@code file} would be refused for the user {@code uid}, for {@code agent status},
     * which judges an installation as its service user will; empty when it is fine or absent.
     */
    public static Optional<String> problem(Path file, long uid) {
        return load(file, uid).fold(lines -> Optional.empty(), Optional::of);
    }

    /**
     * Adds the widget's line at the end, in place of an earlier line of the same name; the others keep their order.
     *
     * @return the file as judged before the write: refused means nothing was written
     * @throws IOException when the file cannot be written, {@link VarDir.Untrusted} included
     */
    public WhitelistLoad keep(WhitelistEntry widget) throws IOException {
        WhitelistLoad load = load();
        Optional<String> text = load.fold(current -> Optional.of(withLine(current, widget)), refusal -> Optional.empty());
        if (text.isPresent()) {
            var.write(file, text.get());
        }
        return load;
    }

    private static String withLine(Whitelist current, WhitelistEntry widget) {
        List<String> lines = new ArrayList<>();
        for (WhitelistEntry existing : current.entries()) {
            if (!existing.name().equals(widget.name())) {
                lines.add(existing.line());
            }
        }
        lines.add(widget.line());
        return String.join("\n", lines) + "\n";
    }

    private static WhitelistLoad load(Path file, long uid) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new WhitelistLoad.Loaded(Whitelist.empty());
        }
        return WhitelistFile.load(file, uid);
    }
}

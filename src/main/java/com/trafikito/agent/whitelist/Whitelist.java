package com.trafikito.agent.whitelist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed whitelist: the only commands the agent may ever run. Immutable.
 */
public final class Whitelist {

    private static final Whitelist EMPTY = new Whitelist(List.of(), List.of());

    private final List<WhitelistEntry> entries;
    private final List<InvalidLine> invalidLines;
    /** Name to entry: insertion order is a name's first appearance, the value its last line (last wins). */
    private final Map<String, WhitelistEntry> byName;

    public Whitelist(List<WhitelistEntry> entries, List<InvalidLine> invalidLines) {
        this.entries = List.copyOf(entries);
        this.invalidLines = List.copyOf(invalidLines);
        Map<String, WhitelistEntry> map = new LinkedHashMap<>();
        for (WhitelistEntry e : this.entries) {
            map.put(e.name(), e);
        }
        this.byName = map;
    }

    public static Whitelist empty() {
        return EMPTY;
    }

    /** Every valid line in file order, duplicates included: the payload's available-commands section. */
    public List<WhitelistEntry> entries() {
        return entries;
    }

    public List<InvalidLine> invalidLines() {
        return invalidLines;
    }

    /** No invalid line: clears error 100. */
    public boolean isClean() {
        return invalidLines.isEmpty();
    }

    /** The entry of a name given with its {@code trafikito_} prefix; when a name appears twice, the last line wins. */
    public Optional<WhitelistEntry> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** One entry per name, in order of first appearance, each carrying the last line of its name. */
    public List<WhitelistEntry> effectiveEntries() {
        return List.copyOf(byName.values());
    }

    /**
     * This whitelist followed by the widgets' own file ({@code var/widget_commands.sh}). A name of
     * {@code this} (the owner's file) wins: widget lines of such a name are dropped, so that neither
     * {@link #find} nor the payload can show a widget's command under an owner's name. The invalid lines
     * stay those of {@code this}: their line numbers refer to the owner's file.
     */
    public Whitelist withFallback(Whitelist widgets) {
        List<WhitelistEntry> merged = new ArrayList<>(entries);
        for (WhitelistEntry e : widgets.entries) {
            if (!byName.containsKey(e.name())) {
                merged.add(e);
            }
        }
        return new Whitelist(merged, invalidLines);
    }

    @Override
    public String toString() {
        return "Whitelist[" + byName.size() + " names, " + invalidLines.size() + " invalid lines]";
    }
}

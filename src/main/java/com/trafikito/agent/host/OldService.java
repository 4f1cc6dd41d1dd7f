package com.trafikito.agent.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service of the name {@code trafikito} that this agent did not write: the original shell agent's systemd
 * unit, SysV init script or OpenRC script, found on a takeover and replaced by the new unit.
 */
public record OldService(Type type, Path file) {

    public enum Type {
        SYSTEMD("systemd unit"), SYSV("SysV init script"), OPENRC("OpenRC script");

        private final String label;

        Type(String label) {
            this.label = label;
        }
    }

    public String describe() {
        return "the " + type.label + " " + file;
    }

    /** The old services on this host: a unit without our marker, and an init script named trafikito. */
    public static List<OldService> find(Path systemdDir, Path initDir) {
        List<OldService> found = new ArrayList<>();
        Path unit = systemdDir.resolve(UnitFile.NAME);
        if (Files.isRegularFile(unit) && !firstLine(unit).startsWith(UnitFile.MARKER)) {
            found.add(new OldService(Type.SYSTEMD, unit));
        }
        Path script = initDir.resolve("trafikito");
        if (Files.isRegularFile(script)) {
            found.add(new OldService(firstLine(script).contains("openrc-run") ? Type.OPENRC : Type.SYSV, script));
        }
        return List.copyOf(found);
    }

    static String firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }
}

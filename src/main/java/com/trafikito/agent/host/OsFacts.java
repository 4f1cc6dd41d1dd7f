package com.trafikito.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OS facts registration sends with the initial whitelist request (PROTOCOL.md 5.3), so that the API can
 * pick commands that suit the distribution. Read from {@code /etc/os-release}; the shell agent's rules are kept
 * (RHEL and Oracle Linux are reported as {@code centos} with the flavor {@code red hat linux}).
 */
public record OsFacts(String os, String osCodename, String osRelease, String centosFlavor) {

    static final String DEFAULT_FLAVOR = "centos";

    private static final Pattern LINE = Pattern.compile("^([A-Z0-9_]+)=(.*)$");
    private static final Pattern IN_PARENS = Pattern.compile("\\(([^)]*)\\)");

    /** {@code /etc/os-release}, or {@code /usr/lib/os-release}; {@code linux} with empty fields when neither exists. */
    public static OsFacts ofThisHost() {
        for (String candidate : new String[] { "/etc/os-release", "/usr/lib/os-release" }) {
            Path file = Path.of(candidate);
            try {
                if (Files.isRegularFile(file) && Files.size(file) < 64 * 1024) {
                    return parse(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException | RuntimeException e) {
                // try the next one: the facts are a hint for the API, never a reason to fail the install
            }
        }
        return new OsFacts("linux", "", "", DEFAULT_FLAVOR);
    }

    public static OsFacts parse(String osRelease) {
        Map<String, String> values = new HashMap<>();
        for (String line : osRelease.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                values.put(m.group(1), unquote(m.group(2).strip()));
            }
        }
        String id = values.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
        String codename = lower(values.getOrDefault("VERSION_CODENAME", values.getOrDefault("UBUNTU_CODENAME", "")));
        if (codename.isEmpty()) {
            Matcher m = IN_PARENS.matcher(values.getOrDefault("VERSION", ""));
            codename = m.find() ? lower(m.group(1)) : "";
        }
        String release = major(values.getOrDefault("VERSION_ID", ""));
        return switch (id) {
            case "" -> new OsFacts("linux", codename, release, DEFAULT_FLAVOR);
            case "rhel", "ol" -> new OsFacts("centos", codename, release, "red hat linux");
            case "amzn" -> new OsFacts("amzn", "amazon-linux-ami", release, "amazon linux");
            default -> new OsFacts(id, codename, release, DEFAULT_FLAVOR);
        };
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String lower(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** "12", "22.04" or "8.9" become "12", "22" and "8": the API wants the major version. */
    private static String major(String versionId) {
        int dot = versionId.indexOf('.');
        return (dot < 0 ? versionId : versionId.substring(0, dot)).strip();
    }
}

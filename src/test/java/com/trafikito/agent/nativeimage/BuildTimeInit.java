package com.trafikito.agent.nativeimage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Quarkus' native build initialises every class at build time unless it is listed for run time, and stores
 * what the static initialisers computed in the executable. A static initialiser of the agent that reads the
 * environment, system properties, the clock, the host's files, network or processes, or seeds a random
 * generator, would freeze the build machine's answer into every installation. This finds them.
 */
final class BuildTimeInit {

    /** Owner → method names (empty: every method) that read the build host, with what they read. */
    private static final Map<String, Set<String>> HOST_READS = Map.ofEntries(
            Map.entry("java/lang/System", Set.of("getenv", "getProperty", "getProperties", "currentTimeMillis",
                    "nanoTime")),
            Map.entry("java/lang/Boolean", Set.of("getBoolean")),
            Map.entry("java/lang/Integer", Set.of("getInteger")),
            Map.entry("java/lang/Long", Set.of("getLong")),
            Map.entry("java/lang/Runtime", Set.of("availableProcessors", "maxMemory", "totalMemory", "freeMemory",
                    "exec")),
            Map.entry("java/lang/ProcessHandle", Set.of("current")),
            Map.entry("java/lang/ProcessBuilder", Set.of("start")),
            Map.entry("java/lang/Thread", Set.of("start")),
            Map.entry("java/lang/Math", Set.of("random")),
            Map.entry("java/util/UUID", Set.of("randomUUID")),
            Map.entry("java/util/Random", Set.of("<init>")),
            Map.entry("java/util/SplittableRandom", Set.of("<init>")),
            Map.entry("java/security/SecureRandom", Set.of()),
            Map.entry("java/util/TimeZone", Set.of("getDefault")),
            Map.entry("java/util/Locale", Set.of("getDefault")),
            Map.entry("java/time/ZoneId", Set.of("systemDefault")),
            Map.entry("java/time/Clock", Set.of("millis", "instant")),
            Map.entry("java/nio/charset/Charset", Set.of("defaultCharset")),
            Map.entry("java/nio/file/Files", Set.of()),
            Map.entry("java/nio/file/Path", Set.of("toAbsolutePath", "toRealPath")),
            Map.entry("java/io/File", Set.of("exists", "isFile", "isDirectory", "length", "lastModified", "list",
                    "listFiles", "canRead", "canWrite", "canExecute", "getAbsolutePath", "getCanonicalPath")),
            Map.entry("java/io/FileInputStream", Set.of("<init>")),
            Map.entry("java/io/FileReader", Set.of("<init>")),
            Map.entry("java/io/RandomAccessFile", Set.of("<init>")),
            Map.entry("java/net/InetAddress", Set.of()),
            Map.entry("java/net/NetworkInterface", Set.of()),
            Map.entry("java/lang/management/ManagementFactory", Set.of()),
            Map.entry("java/util/concurrent/Executors", Set.of()),
            Map.entry("org/eclipse/microprofile/config/ConfigProvider", Set.of("getConfig")));

    private BuildTimeInit() {
    }

    /**
     * The static initialisers of {@code code} that read the build host, one line each naming the class and the
     * chain of calls; classes named in {@code runTimeInitialized} (binary names) are left out.
     */
    static List<String> hostReadingInitializers(AgentBytecode code, Set<String> runTimeInitialized) {
        List<String> found = new ArrayList<>();
        for (ClassNode node : code.classes()) {
            if (runTimeInitialized.contains(node.name.replace('/', '.'))) {
                continue;
            }
            AgentBytecode.staticInitializer(node).ifPresent(clinit -> {
                for (AgentBytecode.Call call : code.reachableCalls(node, clinit)) {
                    reads(call.target()).ifPresent(what -> found.add(node.name.replace('/', '.')
                            + ": its static initialiser " + call.describe() + " (" + what + ")"));
                }
            });
        }
        return found;
    }

    /** Why this call reads the build host, if it does. */
    static Optional<String> reads(MethodInsnNode call) {
        if (call.owner.startsWith("java/time/") && call.name.equals("now")) {
            return Optional.of("the clock");
        }
        if (call.owner.equals("java/util/Date") && call.name.equals("<init>") && call.desc.equals("()V")) {
            return Optional.of("the clock");
        }
        Set<String> names = HOST_READS.get(call.owner);
        if (names == null || !(names.isEmpty() || names.contains(call.name))) {
            return Optional.empty();
        }
        if ((call.owner.equals("java/util/Random") || call.owner.equals("java/util/SplittableRandom"))
                && !call.desc.equals("()V")) {
            return Optional.empty(); // an explicit seed is the same on every run by intent
        }
        return Optional.of("the build machine's " + switch (call.owner) {
            case "java/lang/System", "java/lang/Boolean", "java/lang/Integer", "java/lang/Long" ->
                call.name.contains("Time") ? "clock" : "environment or system properties";
            case "java/nio/file/Files", "java/nio/file/Path", "java/io/File", "java/io/FileInputStream",
                    "java/io/FileReader", "java/io/RandomAccessFile" -> "files";
            case "java/net/InetAddress", "java/net/NetworkInterface" -> "network";
            case "java/util/Random", "java/util/SplittableRandom", "java/security/SecureRandom", "java/lang/Math",
                    "java/util/UUID" -> "random seed";
            default -> "state (" + call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name + ")";
        });
    }
}

package com.trafikito.agent.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The agent's own classes as ASM trees, read from {@code target/classes} or from a jar the native build
 * produced, and the calls their code can make: what a native image initialises at build time and what it must
 * be told about is decided by exactly this code, so the checks read it rather than trust a list.
 */
final class AgentBytecode {

    static final String OURS = "com/trafikito/agent/";

    /** A call from the agent's code to a method outside it, and the chain of the agent's methods that leads to it. */
    record Call(List<String> via, MethodInsnNode target) {
        String describe() {
            return String.join(" -> ", via) + " calls " + target.owner.replace('/', '.') + "." + target.name;
        }
    }

    private final Map<String, ClassNode> classes = new TreeMap<>();

    private AgentBytecode() {
    }

    /** The agent's classes under a class-path folder, e.g. target/classes. */
    static AgentBytecode fromDirectory(Path root) {
        AgentBytecode code = new AgentBytecode();
        try (Stream<Path> walk = Files.walk(root.resolve(OURS))) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    code.add(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return code;
    }

    /** The agent's classes in a jar (Quarkus' generated classes of the agent's packages included). */
    static AgentBytecode fromJar(Path jar) {
        AgentBytecode code = new AgentBytecode();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().startsWith(OURS) && entry.getName().endsWith(".class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        code.add(in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jar + ": " + e.getMessage(), e);
        }
        return code;
    }

    /** Only the given classes, e.g. a test's fixtures. */
    static AgentBytecode fromClasses(Class<?>... types) {
        AgentBytecode code = new AgentBytecode();
        for (Class<?> type : types) {
            try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
                code.add(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return code;
    }

    private void add(InputStream in) throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
        classes.put(node.name, node);
    }

    Collection<ClassNode> classes() {
        return classes.values();
    }

    boolean contains(String internalName) {
        return classes.containsKey(internalName);
    }

    /**
     * Every call outside the agent that {@code start} can make, following calls into the agent's own methods
     * (superclasses and lambda bodies included: a static initialiser may run a lambda on the spot).
     */
    List<Call> reachableCalls(ClassNode owner, MethodNode start) {
        List<Call> calls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<Step> todo = new ArrayDeque<>();
        todo.add(new Step(owner, start, List.of(label(owner.name, start.name))));
        while (!todo.isEmpty()) {
            Step step = todo.poll();
            if (!seen.add(step.owner().name + "." + step.method().name + step.method().desc)) {
                continue;
            }
            for (AbstractInsnNode insn : step.method().instructions) {
                if (insn instanceof MethodInsnNode call) {
                    Optional<Step> inside = resolve(call.owner, call.name, call.desc, step.via());
                    if (inside.isPresent()) {
                        todo.add(inside.get());
                    } else if (!call.owner.startsWith(OURS)) {
                        calls.add(new Call(step.via(), call));
                    }
                } else if (insn instanceof InvokeDynamicInsnNode indy) {
                    for (Object arg : indy.bsmArgs) {
                        if (arg instanceof Handle handle) {
                            Optional<Step> inside = resolve(handle.getOwner(), handle.getName(), handle.getDesc(),
                                    step.via());
                            if (inside.isPresent()) {
                                todo.add(inside.get());
                            } else if (!handle.getOwner().startsWith(OURS)) {
                                calls.add(new Call(step.via(), new MethodInsnNode(0, handle.getOwner(),
                                        handle.getName(), handle.getDesc())));
                            }
                        }
                    }
                }
            }
        }
        return calls;
    }

    private record Step(ClassNode owner, MethodNode method, List<String> via) {
    }

    private Optional<Step> resolve(String owner, String name, String desc, List<String> via) {
        for (ClassNode node = classes.get(owner); node != null; node = classes.get(node.superName)) {
            for (MethodNode method : node.methods) {
                if (method.name.equals(name) && method.desc.equals(desc) && method.instructions.size() > 0) {
                    List<String> longer = new ArrayList<>(via);
                    longer.add(label(node.name, name));
                    return Optional.of(new Step(node, method, longer));
                }
            }
        }
        return Optional.empty();
    }

    static String label(String internalName, String method) {
        return internalName.substring(internalName.lastIndexOf('/') + 1) + "." + method;
    }

    static Optional<MethodNode> staticInitializer(ClassNode node) {
        return node.methods.stream().filter(m -> m.name.equals("<clinit>")).findFirst();
    }
}

package com.trafikito.agent.nativeimage;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * What the agent's bytecode reaches by reflection, as a resource or through a service loader: Jackson data
 * binding (the types given to readValue and the like, the static type of what writeValue gets, the bodies of
 * REST client methods), {@code getResource*} with a constant name, and every direct use of reflection or of
 * {@link java.util.ServiceLoader}, which the agent has no registration for and so must not make.
 */
final class ManifestUses {

    private static final Set<String> JACKSON = Set.of("com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectReader", "com/fasterxml/jackson/databind/ObjectWriter");
    private static final Set<String> BY_CLASS = Set.of("readValue", "readValues", "convertValue", "treeToValue",
            "readerFor", "writerFor", "updateValue", "forType");
    private static final Set<String> BY_VALUE = Set.of("writeValue", "writeValueAsString", "writeValueAsBytes",
            "valueToTree");
    private static final Set<String> REFLECTION = Set.of("java/lang/Class.forName", "java/lang/Class.getDeclaredMethod",
            "java/lang/Class.getDeclaredMethods", "java/lang/Class.getMethod", "java/lang/Class.getMethods",
            "java/lang/Class.getDeclaredField", "java/lang/Class.getDeclaredFields", "java/lang/Class.getField",
            "java/lang/Class.getFields", "java/lang/Class.getDeclaredConstructor",
            "java/lang/Class.getDeclaredConstructors", "java/lang/Class.getConstructor",
            "java/lang/Class.getConstructors", "java/lang/Class.newInstance", "java/lang/Class.getRecordComponents",
            "java/lang/reflect/Method.invoke", "java/lang/reflect/Constructor.newInstance",
            "java/lang/reflect/Field.get", "java/lang/reflect/Field.set", "java/lang/reflect/Proxy.newProxyInstance",
            "java/lang/invoke/MethodHandles$Lookup.findVirtual", "java/lang/invoke/MethodHandles$Lookup.findStatic",
            "java/lang/invoke/MethodHandles$Lookup.findConstructor", "java/util/ServiceLoader.load",
            "java/util/ServiceLoader.loadInstalled");
    private static final Set<String> RESOURCE_READS = Set.of("java/lang/Class.getResource",
            "java/lang/Class.getResourceAsStream", "java/lang/ClassLoader.getResource",
            "java/lang/ClassLoader.getResourceAsStream", "java/lang/ClassLoader.getResources",
            "java/lang/ClassLoader.getSystemResource", "java/lang/ClassLoader.getSystemResourceAsStream",
            "java/lang/ClassLoader.getSystemResources");

    /** Binary names of the agent's types that Jackson binds. */
    final Set<String> jsonTypes = new TreeSet<>();
    /** Class-path resources read, relative to the root. */
    final Set<String> resources = new TreeSet<>();
    /** Uses no registration can cover, or whose target cannot be told: each a reason to fail. */
    final List<String> problems = new ArrayList<>();

    static ManifestUses of(AgentBytecode code, ClassLoader loader) {
        ManifestUses uses = new ManifestUses();
        for (ClassNode node : code.classes()) {
            if (node.name.equals(Type.getInternalName(NativeManifest.class))) {
                continue; // reads its own annotation
            }
            for (MethodNode method : node.methods) {
                uses.scan(node, method, loader);
            }
            uses.restClientBodies(node, loader);
        }
        return uses;
    }

    private void scan(ClassNode node, MethodNode method, ClassLoader loader) {
        Frame<BasicValue>[] frames = null;
        for (AbstractInsnNode insn : method.instructions) {
            if (!(insn instanceof MethodInsnNode call)) {
                continue;
            }
            String where = AgentBytecode.label(node.name, method.name);
            String target = call.owner + "." + call.name;
            if (REFLECTION.contains(target)) {
                problems.add(where + " calls " + target.replace('/', '.') + ": a native image knows only what is"
                        + " registered, and NativeManifest registers nothing for this");
            } else if (RESOURCE_READS.contains(target)) {
                String name = constantBefore(call, String.class);
                if (name == null) {
                    problems.add(where + " reads a resource whose name is not a constant: use a NativeManifest name");
                } else {
                    resources.add(name.startsWith("/") ? name.substring(1)
                            : node.name.substring(0, node.name.lastIndexOf('/') + 1) + name);
                }
            } else if (JACKSON.contains(call.owner) && BY_CLASS.contains(call.name)
                    && call.desc.contains("Ljava/lang/Class;")) {
                Type type = constantBefore(call, Type.class);
                if (type == null) {
                    problems.add(where + " binds JSON to a type given at run time (" + target + "): pass a class literal");
                } else {
                    bound(type);
                }
            } else if (JACKSON.contains(call.owner) && BY_VALUE.contains(call.name)) {
                if (frames == null) {
                    frames = analyze(node, method, loader);
                }
                Frame<BasicValue> frame = frames[method.instructions.indexOf(call)];
                if (frame == null) {
                    continue; // dead code
                }
                Type value = frame.getStack(frame.getStackSize() - 1).getType();
                if (value.getSort() == Type.OBJECT && !value.getInternalName().startsWith("com/fasterxml/jackson/")) {
                    if (value.getInternalName().startsWith(AgentBytecode.OURS)) {
                        bound(value);
                    } else {
                        problems.add(where + " writes a " + value.getClassName() + " as JSON: the type bound"
                                + " cannot be told; declare the value with its own type");
                    }
                }
            }
        }
    }

    private void bound(Type type) {
        if (type.getInternalName().startsWith(AgentBytecode.OURS)) {
            jsonTypes.add(type.getClassName());
        }
    }

    /** A JSON body of a REST client method: the one parameter without a JAX-RS annotation. */
    private void restClientBodies(ClassNode node, ClassLoader loader) {
        Class<?> type = load(node.name, loader);
        if (!type.isAnnotationPresent(RegisterRestClient.class)) {
            return;
        }
        for (Method method : type.getDeclaredMethods()) {
            for (Parameter parameter : method.getParameters()) {
                if (parameter.getAnnotations().length == 0 && parameter.getType().getName().startsWith("com.trafikito.")) {
                    jsonTypes.add(parameter.getType().getName());
                }
            }
        }
    }

    /** The constant loaded just before the call (its argument), skipping labels and line numbers. */
    private static <T> T constantBefore(MethodInsnNode call, Class<T> kind) {
        for (AbstractInsnNode insn = call.getPrevious(); insn != null; insn = insn.getPrevious()) {
            if (insn.getOpcode() < 0) {
                continue;
            }
            return insn instanceof LdcInsnNode ldc && kind.isInstance(ldc.cst) ? kind.cast(ldc.cst) : null;
        }
        return null;
    }

    private static Frame<BasicValue>[] analyze(ClassNode node, MethodNode method, ClassLoader loader) {
        SimpleVerifier verifier = new SimpleVerifier(Opcodes.ASM9, Type.getObjectType(node.name),
                node.superName == null ? null : Type.getObjectType(node.superName),
                node.interfaces.stream().map(Type::getObjectType).toList(),
                (node.access & Opcodes.ACC_INTERFACE) != 0) {
        };
        verifier.setClassLoader(loader);
        try {
            return new Analyzer<>(verifier).analyze(node.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException(node.name + "." + method.name + ": " + e.getMessage(), e);
        }
    }

    private static Class<?> load(String internalName, ClassLoader loader) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.trafikito.agent.commands;

import java.util.Optional;

/**
 * How the JDK starts a process, chosen before the first one starts (the JDK reads its setting once, when its
 * process class initialises). Java 17's default, {@code POSIX_SPAWN}, first runs its helper program
 * {@code jspawnhelper}, which then runs the command: one exec more for each of a cycle's commands, on machines
 * where an exec is the dearest thing a cycle does. {@code VFORK} runs the command from the JVM's child
 * directly (the chain is {@code setsid}, then {@code sh}), with the same pipes, environment, working directory
 * and closed descriptors.
 * <p>
 * Only on the Java versions known to support it quietly: Java 25 prints a deprecation notice on stderr at each
 * start, and a later Java removes it, where an unknown mechanism makes every process start throw an Error. So:
 * feature versions 17 to 24, on a JVM (a native image has no such setting), and never over an owner's own
 * {@code -Djdk.lang.Process.launchMechanism}.
 */
public final class LaunchMechanism {

    static final String PROPERTY = "jdk.lang.Process.launchMechanism";
    static final String VFORK = "VFORK";
    static final int LAST_QUIET_VFORK = 24;

    private LaunchMechanism() {
    }

    /** Sets {@code VFORK} where {@link #choice} says so; call before the JVM starts any process. */
    public static void prefer() {
        choice(Runtime.version().feature(), System.getProperty("org.graalvm.nativeimage.imagecode") != null,
                System.getProperty(PROPERTY)).ifPresent(mechanism -> System.setProperty(PROPERTY, mechanism));
    }

    /** The mechanism to set, or empty to leave the JDK's own choice (or the owner's) alone. */
    static Optional<String> choice(int feature, boolean nativeImage, String alreadySet) {
        if (nativeImage || alreadySet != null || feature > LAST_QUIET_VFORK) {
            return Optional.empty();
        }
        return Optional.of(VFORK);
    }
}

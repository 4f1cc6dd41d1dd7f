package com.trafikito.agent.install;

import java.io.Console;
import java.util.Optional;

/**
 * Questions to the user. Without a terminal there is nobody to ask: {@link #none()} answers nothing, and
 * install falls back to its options and defaults or stops with a message saying which option to pass.
 */
public interface Prompter {

    /** Whether anyone can answer (a terminal is attached and --yes was not given). */
    boolean interactive();

    /** A value; empty when there is nobody to ask or the answer is blank. */
    Optional<String> ask(String question, boolean secret);

    /** A yes or no; {@code false} when there is nobody to ask. */
    boolean confirm(String question);

    static Prompter none() {
        return new Prompter() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public Optional<String> ask(String question, boolean secret) {
                return Optional.empty();
            }

            @Override
            public boolean confirm(String question) {
                return false;
            }
        };
    }

    /** The terminal, when there is one ({@link System#console()}), else {@link #none()}. */
    static Prompter console() {
        Console console = System.console();
        if (console == null) {
            return none();
        }
        return new Prompter() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public Optional<String> ask(String question, boolean secret) {
                String answer = secret ? toString(console.readPassword("%s: ", question)) : console.readLine("%s: ", question);
                return Optional.ofNullable(answer).map(String::strip).filter(s -> !s.isEmpty());
            }

            @Override
            public boolean confirm(String question) {
                String answer = console.readLine("%s [y/N]: ", question);
                return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
            }

            private String toString(char[] chars) {
                return chars == null ? null : new String(chars);
            }
        };
    }
}

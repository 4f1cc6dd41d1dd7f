package com.trafikito.agent.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.trafikito.agent.files.BoundedFile;

/**
 * A secret passed as a file rather than an environment variable ({@code AGENT_API_KEY_FILE},
 * {@code TRAFIKITO_USER_API_KEY_FILE}): the form of a Kubernetes or Docker Secret mounted read-only. An environment
 * variable is inherited by what the process starts and shows in {@code /proc/<pid>/environ}, {@code docker inspect}
 * and unit files; a file is read once and stays where its mode puts it.
 */
public final class SecretFile {

    /** A key is a line; anything larger is not a key file. */
    static final int MAX_BYTES = 4096;

    private SecretFile() {
    }

    /**
     * The file's first line without surrounding white space (a trailing newline is usual).
     *
     * @param setting the setting that named the file, for the message
     * @throws ConfigProblem naming the file and the setting, never the content
     */
    public static String read(Path file, String setting) throws ConfigProblem {
        BoundedFile.Read read = BoundedFile.read(file, MAX_BYTES, BoundedFile.Links.FOLLOW);
        if (read instanceof BoundedFile.Missing) {
            throw new ConfigProblem(setting + " names " + file + ", which does not exist");
        }
        if (read instanceof BoundedFile.Invalid invalid) {
            throw new ConfigProblem(setting + ": " + invalid.reason());
        }
        String text = new String(((BoundedFile.Content) read).bytes(), StandardCharsets.UTF_8);
        String key = text.lines().findFirst().orElse("").strip();
        if (key.isEmpty()) {
            throw new ConfigProblem(setting + ": " + file + " is empty");
        }
        return key;
    }
}

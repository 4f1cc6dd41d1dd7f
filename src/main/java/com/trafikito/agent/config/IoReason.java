package com.trafikito.agent.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in words, for messages that already name the file. The JDK's file exceptions
 * carry only the path as their message ({@code AccessDeniedException: /opt/trafikito/etc/trafikito.cfg}), so
 * "cannot read X: " + getMessage() said the path twice and lost "Permission denied".
 */
public final class IoReason {

    private IoReason() {
    }

    /** For catch blocks that also take runtime exceptions: those keep their message. */
    public static String of(Exception e) {
        if (e instanceof IOException io) {
            return of(io);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public static String of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

package com.trafikito.agent.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** How an answer is read, and what a failed call says about itself. */
final class Answers {

    private Answers() {
    }

    /**
     * Reads at most {@link ApiGateway#MAX_ANSWER_BYTES} + 1 bytes, and no longer than the call's deadline: the
     * read timeout alone would let an answer that drips a byte a second hold the cycle for hours.
     *
     * @return the body, or null when it is over the limit
     */
    static byte[] readBounded(InputStream body, long deadlineNanos) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        int limit = ApiGateway.MAX_ANSWER_BYTES;
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = body.read(chunk, 0, Math.min(chunk.length, limit + 1 - out.size()))) > 0) {
            out.write(chunk, 0, n);
            if (out.size() > limit) {
                return null;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new TooSlow();
            }
        }
        return out.toByteArray();
    }

    /** Connection refused or an unknown host: the request never left the agent, so a retry is safe. */
    static boolean neverSent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's class and message: enough to tell refused from timed out, never a request body. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    /** The answer kept coming past the call's deadline. */
    static final class TooSlow extends IOException {
        TooSlow() {
            super("the answer took longer than the connect and read timeouts together; dropped", null);
        }
    }
}

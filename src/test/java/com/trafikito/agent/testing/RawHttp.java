package com.trafikito.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/** What the raw-socket fake APIs share: their loopback socket, reading a request's head and its headers. */
final class RawHttp {

    private RawHttp() {
    }

    /** A loopback server socket on a free port, served by {@code loop} on a daemon thread. */
    static ServerSocket listen(String name, Consumer<ServerSocket> loop) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(() -> loop.accept(server), name);
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    static void close(ServerSocket server) {
        try {
            server.close();
        } catch (IOException e) {
            // the test run ends
        }
    }

    /** The request's head up to its blank line, or null when the client closed the connection before sending one. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("closed before the end of the headers");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The value of header {@code name} (lower case) in the head's lines, or null. */
    static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }
}

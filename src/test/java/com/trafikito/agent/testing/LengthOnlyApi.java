package com.trafikito.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An API like a plain Python or WSGI server: it reads a request body only by its Content-Length, and answers a
 * chunked request (Transfer-Encoding, no length) with 411 Length Required, as such servers fail on them. get_config
 * answers {@code tok big}; every other call {@code OK}.
 */
public class LengthOnlyApi implements QuarkusTestResourceLifecycleManager {

    /** One request as the server saw it. */
    public record Seen(String path, String contentLength, String transferEncoding, int bodyBytes) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static volatile ServerSocket server;
    private static volatile TestInstallation installation;

    public static List<Seen> seen() {
        return List.copyOf(SEEN);
    }

    public static TestInstallation installation() {
        return installation;
    }

    public static void clear() {
        SEEN.clear();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(LengthOnlyApi::serve, "length-only-api");
        accept.setDaemon(true);
        accept.start();
        installation = TestInstallation.create();
        return Map.of("agent.api.url", "http://127.0.0.1:" + server.getLocalPort(),
                "agent.base-dir", installation.baseDir().toString(),
                "agent.commands.max-output", "5M",
                "agent.cycle.splay", "false");
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // the test run ends
        }
        installation.delete();
    }

    private static void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                answer(socket);
            } catch (IOException e) {
                // a client that went away; the next one is served
            }
        }
    }

    private static void answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String path = lines[0].split(" ")[1];
        String length = header(lines, "content-length");
        String chunked = header(lines, "transfer-encoding");
        OutputStream out = socket.getOutputStream();
        if (length == null || chunked != null) {
            SEEN.add(new Seen(path, length, chunked, -1));
            out.write("HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] body = in.readNBytes(Integer.parseInt(length));
        SEEN.add(new Seen(path, length, null, body.length));
        byte[] answer = (path.endsWith("/get_config") ? "tok big" : "OK").getBytes(StandardCharsets.US_ASCII);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the headers");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }
}

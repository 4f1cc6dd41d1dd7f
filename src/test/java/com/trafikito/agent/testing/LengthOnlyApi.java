package com.trafikito.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        server = RawHttp.listen("length-only-api", LengthOnlyApi::serve);
        installation = TestInstallation.create();
        return Map.of("agent.api.url", "http://127.0.0.1:" + server.getLocalPort(),
                "agent.base-dir", installation.baseDir().toString(),
                "agent.commands.max-output", "5M",
                "agent.cycle.splay", "false");
    }

    @Override
    public void stop() {
        RawHttp.close(server);
        installation.delete();
    }

    private static void serve(ServerSocket server) {
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
        String head = RawHttp.readHead(in);
        if (head == null) {
            throw new IOException("closed before the headers");
        }
        String[] lines = head.split("\r\n");
        String path = lines[0].split(" ")[1];
        String length = RawHttp.header(lines, "content-length");
        String chunked = RawHttp.header(lines, "transfer-encoding");
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
}

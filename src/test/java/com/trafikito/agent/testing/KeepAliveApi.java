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
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An API that keeps every connection open for as long as the client wants it (as most servers and load balancers
 * do for a while), and records each connection: the requests it carried and when the client closed it. get_config
 * answers {@code tok hello}; every other call {@code OK}.
 */
public class KeepAliveApi implements QuarkusTestResourceLifecycleManager {

    /** One connection as the server saw it. */
    public static final class Connection {
        private final List<String> paths = new CopyOnWriteArrayList<>();
        private volatile long lastAnswerNanos;
        private volatile long closedNanos;

        public List<String> paths() {
            return List.copyOf(paths);
        }

        public boolean closedByClient() {
            return closedNanos != 0;
        }

        /** How long the connection stayed open, idle, after its last answer. */
        public long idleMillisBeforeClose() {
            return (closedNanos - lastAnswerNanos) / 1_000_000;
        }
    }

    private static final List<Connection> CONNECTIONS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile ServerSocket server;
    private static volatile TestInstallation installation;

    public static List<Connection> connections() {
        return List.copyOf(CONNECTIONS);
    }

    public static void clear() {
        CONNECTIONS.clear();
    }

    @Override
    public Map<String, String> start() {
        server = RawHttp.listen("keep-alive-api", KeepAliveApi::accept);
        installation = TestInstallation.create();
        installation.writeWhitelist("trafikito_hello=\"echo hello\"\n");
        return Map.of("agent.api.url", "http://127.0.0.1:" + server.getLocalPort(),
                "agent.base-dir", installation.baseDir().toString(),
                "agent.cycle.splay", "false");
    }

    @Override
    public void stop() {
        RawHttp.close(server);
        installation.delete();
    }

    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread serve = new Thread(() -> serve(socket), "keep-alive-api-" + THREADS.incrementAndGet());
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                // closed at the end of the run
            }
        }
    }

    private static void serve(Socket socket) {
        Connection connection = new Connection();
        CONNECTIONS.add(connection);
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = RawHttp.readHead(in);
                if (head == null) {
                    connection.closedNanos = System.nanoTime();
                    return;
                }
                String[] lines = head.split("\r\n");
                String path = lines[0].split(" ")[1];
                String length = RawHttp.header(lines, "content-length");
                in.readNBytes(length == null ? 0 : Integer.parseInt(length));
                connection.paths.add(path);
                String body = path.endsWith("/get_config") ? "tok hello" : "OK";
                byte[] answer = body.getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + answer.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
                connection.lastAnswerNanos = System.nanoTime();
            }
        } catch (IOException e) {
            connection.closedNanos = System.nanoTime(); // a reset is a close too
        }
    }
}

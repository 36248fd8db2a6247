package dev.wharf.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP/1.1 server on the loopback interface for the http capability's tests: answers every
 * request with 200 and a fixed body, and remembers each request's head. Plain sockets, so the
 * test bundle needs no JDK-internal packages.
 */
final class LoopbackServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String body;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    LoopbackServer(String body) throws IOException {
        this.body = body;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "loopback-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The heads of the requests received so far (request line and headers). */
    List<String> requests() {
        return requests;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                String head = readHead(s.getInputStream());
                requests.add(head);
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.flush();
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4 && (c = in.read()) >= 0) {
            head.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

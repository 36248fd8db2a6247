package dev.wharf.benchmarks.plain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The baseline of {@code HttpBenchmark}: a plain servlet in the same container and server as the
 * component, answering what http-hello answers (200, its two headers, the method and the path
 * below its own, then the body), written directly on the server's thread.
 */
public final class PlainServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = req.getInputStream().readAllBytes();
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        byte[] head = (req.getMethod() + " " + path + (req.getQueryString() == null ? "" : "?" + req.getQueryString())
                + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setHeader("content-type", "text/plain");
        resp.setHeader("x-wharf-component", "plain");
        resp.setContentLength(head.length + body.length);
        resp.getOutputStream().write(head);
        resp.getOutputStream().write(body);
    }
}

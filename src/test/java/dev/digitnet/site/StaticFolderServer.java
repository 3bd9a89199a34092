package dev.digitnet.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain static file server, as a static host is: GET and HEAD of the files of one folder under
 * a path prefix, a content type by extension, 404 for anything else, no special headers. The JDK's
 * own HTTP server (Java 17 has no {@code SimpleFileServer}); it records every request, so a test
 * can see what the page asked for.
 */
final class StaticFolderServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "json", "application/json", "wasm", "application/wasm", "txt", "text/plain; charset=utf-8");

    /** One request: its method, path and status, and the body bytes sent. */
    record Request(String method, String path, int status, long bytes) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;
    private final String prefix;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();

    /** Serves {@code root} at {@code http://127.0.0.1:PORT/prefix/} ({@code prefix} without slashes). */
    StaticFolderServer(Path root, String prefix) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.prefix = "/" + prefix + "/";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    long bytesSent() {
        return bytesSent.get();
    }

    void clearLog() {
        requests.clear();
        bytesSent.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            Path file = resolve(path);
            if (!method.equals("GET") && !method.equals("HEAD") || file == null) {
                requests.add(new Request(method, path, 404, 0));
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
            long size = Files.size(file);
            requests.add(new Request(method, path, 200, method.equals("HEAD") ? 0 : size));
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
            bytesSent.addAndGet(size);
        }
    }

    /** The file a path names inside the folder, or null (outside the prefix, escaping the folder, missing). */
    private Path resolve(String path) {
        if (!path.startsWith(prefix)) {
            return null;
        }
        String rest = path.substring(prefix.length());
        Path file = root.resolve(rest.isEmpty() || rest.endsWith("/") ? rest + "index.html" : rest).normalize();
        return file.startsWith(root) && Files.isRegularFile(file) ? file : null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

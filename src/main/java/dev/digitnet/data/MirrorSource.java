package dev.digitnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** An HTTP mirror serving the classic {@code *-ubyte.gz} files under one base address. */
public final class MirrorSource implements MnistSource {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final String baseUrl;
    private final HttpClient client;

    public MirrorSource(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String describe() {
        return baseUrl;
    }

    @Override
    public Map<IdxFile, Path> fetch(Set<IdxFile> wanted, Path workDir, Consumer<String> log) throws IOException {
        Map<IdxFile, Path> got = new LinkedHashMap<>();
        for (IdxFile file : wanted) {
            URI uri = URI.create(baseUrl + file.fileName() + ".gz");
            Path target = workDir.resolve(file.fileName() + ".gz");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        log.accept("  " + uri + ": HTTP " + response.statusCode());
                        continue;
                    }
                    // Never more than the file can be: refused from its Content-Length, or cut off there.
                    long cap = file.maxDownloadBytes();
                    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (declared > cap) {
                        log.accept("  " + uri + ": " + declared + " bytes, more than the " + cap + " the file can be; skipped");
                        continue;
                    }
                    try (OutputStream out = Files.newOutputStream(target)) {
                        BoundedCopy.copy(body, out, cap, "the download");
                        got.put(file, target);
                    } catch (BoundedCopy.TooLargeException e) {
                        Files.deleteIfExists(target);
                        log.accept("  " + uri + ": " + e.getMessage() + ", more than the file can be; skipped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + uri, e);
            } catch (IOException e) {
                // An unreachable host (DNS, connect, timeout) is not asked for the other files; what
                // already arrived is kept, and the caller asks the next source for the rest.
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (got.isEmpty()) {
                    throw new IOException("cannot download " + uri + " (" + why + ")", e);
                }
                log.accept("  " + uri + ": " + why + "; giving up on this mirror");
                break;
            }
        }
        return got;
    }
}

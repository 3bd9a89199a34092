package dev.digitnet.data;

import static dev.digitnet.data.IdxDataset.MNIST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP mirror source against a local server (no network). */
class MirrorSourceTest {

    @Test
    void downloadsTheGzippedFilesItServesAndLogsTheOnesItLacks(@TempDir Path dir) throws IOException {
        byte[] labels = IdxReaderTest.gzip("labels".getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/mnist/t10k-labels-idx1-ubyte.gz");
            exchange.sendResponseHeaders(known ? 200 : 404, known ? labels.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (known) {
                    out.write(labels);
                }
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist";
            List<String> log = new ArrayList<>();
            Map<IdxFile, Path> got = new MirrorSource(base).fetch(MNIST.inFileOrder(MNIST.files()), dir, log::add);
            assertEquals(Set.of(MNIST.testLabels()), got.keySet());
            assertArrayEquals(labels, Files.readAllBytes(got.get(MNIST.testLabels())));
            assertEquals(3, log.stream().filter(l -> l.contains("HTTP 404")).count(), log.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDownloadIsCappedAtTheKnownCompressedSize(@TempDir Path dir) throws IOException {
        byte[] huge = new byte[1 << 20]; // the labels .gz is 4,542 bytes
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mnist/", exchange -> {
            // Labels declare their length; test labels stream without one (chunked), endlessly long.
            boolean declared = exchange.getRequestURI().getPath().contains("train-labels");
            exchange.sendResponseHeaders(200, declared ? huge.length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(huge);
                }
            } catch (IOException e) {
                // the client stopped reading: expected
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist";
            List<String> log = new ArrayList<>();
            Map<IdxFile, Path> got = new MirrorSource(base).fetch(MNIST.inFileOrder(List.of(MNIST.trainLabels(), MNIST.testLabels())),
                    dir, log::add);
            assertEquals(Map.of(), got, log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("train-labels") && l.contains(huge.length + " bytes")), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("t10k-labels") && l.contains("larger than "
                    + MNIST.testLabels().maxDownloadBytes())), log.toString());
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.toList());
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableMirrorFailsAtOnceWithoutTryingTheOtherFiles(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> new MirrorSource("http://127.0.0.1:" + closedPort + "/")
                .fetch(MNIST.inFileOrder(MNIST.files()), dir, s -> { }));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), "names the first file: " + e.getMessage());
    }
}

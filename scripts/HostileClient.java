// A hostile HTTP client for the soak test (scripts/soak.sh): for a number of seconds it sends the
// DigitNet server what the reliability limits are for (docs/reliability.md) and counts the answers.
//
//   java scripts/HostileClient.java http://127.0.0.1:18080 60 [requests per second per kind]
//
// The bombs, huge and protocol kinds are paced at 50 requests/s each by default (0: as fast as
// they go). Unpaced, on a 2-core machine the client's own CPU use (thousands of connections a
// second) crowds out the server it attacks, which measures the machine rather than the server.
// A single-file Java program (JDK only, run from source), so it needs nothing the project does not.
// Four threads, all at once:
//   bombs     image bombs and junk as request bodies: a 16-bit RGBA 3000×3000 PNG header, a
//             16,777,216×1 PNG, a 400-scan progressive JPEG, a 40-frame GIF, a TIFF, 512 KB of
//             random bytes, JSON nested 100,000 deep, and a valid but heavy 1200×1200 noise JPEG;
//   slow      300 connections that each declare a 100 KB body and send it a byte every 200 ms
//             (they are cut off with 408 after the server's body timeout, and reconnect);
//   huge      requests declaring a 10^12-byte body and sending none;
//   protocol  a malformed chunk, a header without a colon, 20 KB of headers, the wrong method,
//             a bad k, a cross-origin post.
// Prints one JSON line: per kind, the number of answers by status, and "unexpected": answers that
// should not happen (a 500, or a connection closed without an answer, outside the slow kind).
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

public class HostileClient {

    static String host;
    static int port;
    static long deadline;
    static int rate;
    static final Map<String, Map<Integer, AtomicLong>> COUNTS = new ConcurrentHashMap<>();
    static final AtomicLong UNEXPECTED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:18080");
        host = uri.getHost();
        port = uri.getPort();
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        List<byte[]> bombs = bombs();
        deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = List.of(
                new Thread(() -> loop("bombs", r -> post("bombs", bombs.get(r % bombs.size()), "image/png", ""))),
                new Thread(HostileClient::slow),
                new Thread(() -> loop("huge", r -> exchange("huge", head("POST", "/api/predict", "Content-Type: image/png",
                        "Content-Length: 1000000000000")))),
                new Thread(() -> loop("protocol", HostileClient::protocol)));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        StringBuilder json = new StringBuilder("{\"seconds\":" + seconds + ",\"per_second_per_kind\":" + rate
                + ",\"unexpected\":" + UNEXPECTED.get());
        for (Map.Entry<String, Map<Integer, AtomicLong>> kind : new TreeMap<>(COUNTS).entrySet()) {
            json.append(",\"").append(kind.getKey()).append("\":{");
            String sep = "";
            for (Map.Entry<Integer, AtomicLong> status : new TreeMap<>(kind.getValue()).entrySet()) {
                json.append(sep).append('"').append(status.getKey() < 0 ? "no_answer" : status.getKey()).append("\":")
                        .append(status.getValue().get());
                sep = ",";
            }
            json.append('}');
        }
        System.out.println(json.append('}'));
    }

    interface Round {
        void run(int round) throws Exception;
    }

    static void loop(String kind, Round round) {
        long start = System.nanoTime();
        for (int r = 0; System.nanoTime() < deadline; r++) {
            try {
                round.run(r);
            } catch (Exception e) {
                count(kind, -1);
            }
            if (rate > 0) {
                long due = start + (r + 1) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    static void count(String kind, int status) {
        COUNTS.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status == 500 || (status < 0 && !kind.equals("slow"))) {
            UNEXPECTED.incrementAndGet();
        }
    }

    static String head(String method, String path, String... lines) {
        StringBuilder s = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n");
        for (String line : lines) {
            s.append(line).append("\r\n");
        }
        return s.append("Connection: close\r\n\r\n").toString();
    }

    static void post(String kind, byte[] body, String type, String extraHeader) throws IOException {
        String h = head("POST", "/api/predict", "Content-Type: " + type, "Content-Length: " + body.length);
        if (!extraHeader.isEmpty()) {
            h = h.replace("Connection: close", extraHeader + "\r\nConnection: close");
        }
        byte[] headBytes = h.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        exchange(kind, all);
    }

    static void exchange(String kind, String request) throws IOException {
        exchange(kind, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a request, reads the status line of the answer (-1 if none came within 15 s). */
    static void exchange(String kind, byte[] request) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(15_000);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the server may answer (413) and close before it has all of a big request
            }
            count(kind, status(s.getInputStream()));
        }
    }

    static int status(InputStream in) {
        try {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            String[] parts = line.toString().split(" ");
            int status = parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
            in.transferTo(OutputStream.nullOutputStream());
            return status;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static void protocol(int round) throws Exception {
        switch (round % 7) {
            case 0 -> exchange("protocol", head("POST", "/api/predict", "Content-Type: image/png", "Transfer-Encoding: chunked")
                    .replace("Connection: close\r\n\r\n", "Connection: close\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n"));
            case 1 -> exchange("protocol", head("GET", "/api/health", "NoColonHere"));
            case 2 -> exchange("protocol", head("GET", "/api/health", "X-Big: " + "a".repeat(20_000)));
            case 3 -> exchange("protocol", head("GET", "/api/predict"));
            case 4 -> post("protocol", new byte[] {1, 2, 3}, "image/png", "");
            case 5 -> exchange("protocol", head("POST", "/api/predict?k=abc", "Content-Type: image/png", "Content-Length: 0"));
            default -> post("protocol", new byte[] {1, 2, 3}, "image/png", "Origin: http://evil.example");
        }
    }

    /** 300 connections trickling bodies (about what stopped all service before); each reconnects when cut off. */
    static void slow() {
        byte[] request = head("POST", "/api/predict", "Content-Type: image/png", "Content-Length: 100000")
                .getBytes(StandardCharsets.ISO_8859_1);
        Socket[] sockets = new Socket[300];
        try {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < sockets.length; i++) {
                    try {
                        if (sockets[i] == null) {
                            sockets[i] = new Socket(host, port);
                            sockets[i].setSoTimeout(15_000);
                            sockets[i].getOutputStream().write(request);
                        }
                        if (sockets[i].getInputStream().available() > 0) {
                            count("slow", status(sockets[i].getInputStream()));
                            sockets[i].close();
                            sockets[i] = null;
                            continue;
                        }
                        sockets[i].getOutputStream().write('x');
                        sockets[i].getOutputStream().flush();
                    } catch (IOException e) {
                        count("slow", -1);
                        close(sockets[i]);
                        sockets[i] = null;
                    }
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Socket s : sockets) {
                close(s);
            }
        }
    }

    static void close(Socket s) {
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------------------------------
    // Payloads
    // ------------------------------------------------------------------------------------------

    static List<byte[]> bombs() throws IOException {
        List<byte[]> list = new ArrayList<>();
        list.add(pngHeader(3000, 3000, 16, 6));
        list.add(pngHeader(16_777_216, 1, 8, 0));
        list.add(manyScans(progressive(noise(128, 128)), 400));
        list.add(gif(40));
        list.add(encode(noise(8, 8), "tiff"));
        byte[] random = new byte[512 * 1024];
        new Random(3).nextBytes(random);
        list.add(random);
        list.add(("{\"pixels\": " + "[".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
        list.add(encode(noise(1200, 1200), "jpeg")); // 807 KB, under the 1 MiB body limit
        return list;
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = random.nextInt(256);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return bytes.toByteArray();
    }

    static byte[] pngHeader(int width, int height, int bitDepth, int colorType) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            z.write(new byte[4097]);
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    static byte[] progressive(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JPEG with its refinement scans repeated until it has {@code scans}. */
    static byte[] manyScans(byte[] jpeg, int scans) {
        List<int[]> ranges = new ArrayList<>();
        int i = 2;
        while (i + 3 < jpeg.length && (jpeg[i + 1] & 0xff) != 0xd9) {
            int marker = jpeg[i + 1] & 0xff;
            int start = i;
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
            if (marker == 0xda) {
                while (i + 1 < jpeg.length && !((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) != 0
                        && ((jpeg[i + 1] & 0xff) < 0xd0 || (jpeg[i + 1] & 0xff) > 0xd7))) {
                    i++;
                }
                ranges.add(new int[] {start, i});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, ranges.get(0)[0]);
        int written = 0;
        for (int round = 0; written < scans; round++) {
            for (int s = round == 0 ? 0 : 1; s < ranges.size() && written < scans; s++, written++) {
                out.write(jpeg, ranges.get(s)[0], ranges.get(s)[1] - ranges.get(s)[0]);
            }
        }
        out.write(0xff);
        out.write(0xd9);
        return out.toByteArray();
    }

    static byte[] gif(int frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
            var meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
            for (int f = 0; f < frames; f++) {
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

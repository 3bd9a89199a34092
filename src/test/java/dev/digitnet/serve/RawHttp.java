package dev.digitnet.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for the requests a well-behaved client library will not send. */
final class RawHttp {

    /** A response as read off the wire; {@code status} -1 if nothing came before the timeout. */
    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        boolean isJson() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        }
    }

    private RawHttp() {}

    /** Sends {@code request} and reads one response (up to Content-Length, or until close), waiting at most {@code timeoutMs}. */
    static Response exchange(int port, String request, int timeoutMs) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one response from an open connection (status -1 on timeout). */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int headEnd = -1;
        long length = -1;
        try {
            int b;
            while ((b = in.read()) >= 0) {
                bytes.write(b);
                if (headEnd < 0) {
                    String s = bytes.toString(StandardCharsets.ISO_8859_1);
                    if (s.endsWith("\r\n\r\n")) {
                        headEnd = s.length();
                        Response partial = new Response(0, s, "");
                        String cl = partial.header("Content-Length");
                        length = cl == null ? -1 : Long.parseLong(cl);
                        if (length == 0) {
                            break;
                        }
                    }
                } else if (length >= 0 && bytes.size() - headEnd >= length) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (headEnd < 0) {
                return new Response(-1, bytes.toString(StandardCharsets.ISO_8859_1), "");
            }
        } catch (IOException e) {
            if (headEnd < 0) {
                throw e;
            }
        }
        String all = bytes.toString(StandardCharsets.UTF_8);
        if (headEnd < 0) {
            return new Response(-1, all, "");
        }
        String head = all.substring(0, all.indexOf("\r\n\r\n") + 4);
        String[] statusLine = head.split("\r\n")[0].split(" ");
        return new Response(Integer.parseInt(statusLine[1]), head, all.substring(head.length()));
    }
}

package dev.digitnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a stream that may be hostile: at most a known number of bytes, never "until it ends".
 * Public for the out-of-distribution sets' Fashion-MNIST cache ({@code data.ood}).
 */
public final class BoundedCopy {

    /** More bytes arrived than the limit allows; the copy stopped at the limit. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private BoundedCopy() {}

    /**
     * Copies all of {@code in} to {@code out} if it holds at most {@code limit} bytes.
     *
     * @return the bytes copied
     * @throws TooLargeException as soon as byte {@code limit + 1} arrives (at most {@code limit}
     *     bytes were written)
     */
    public static long copy(InputStream in, OutputStream out, long limit, String what) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            if (total + n > limit) {
                throw new TooLargeException(what + " is larger than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}

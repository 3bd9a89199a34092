package dev.digitnet.input;

/**
 * Bytes that are not a readable image, or one refused by a bound; the message says which, and
 * {@link #code()} is a stable word for programs (the HTTP API's {@code error} field).
 */
public final class UnreadableImageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Not an image, or a broken one. */
    public static final String UNREADABLE = "unreadable_image";
    /** Over the pixel, side or decoded-bytes bound. */
    public static final String TOO_LARGE = "image_too_large";
    /** Over the scan or frame bound. */
    public static final String TOO_COMPLEX = "image_too_complex";
    /** Decoding ran past its deadline. */
    public static final String TIMEOUT = "decode_timeout";
    /** A format or pixel layout not read (TIFF, WBMP). */
    public static final String UNSUPPORTED = "unsupported_image";

    private final String code;

    public UnreadableImageException(String message) {
        this(UNREADABLE, message);
    }

    public UnreadableImageException(String code, String message) {
        super(message);
        this.code = code;
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
        this.code = cause instanceof UnreadableImageException u ? u.code : UNREADABLE;
    }

    public String code() {
        return code;
    }
}

package dev.digitnet.serve;

/**
 * A request the API refuses: an HTTP status, a stable {@code error} code for programs and a
 * one-line message for people ({@code {"error": "body_too_large", "message": "..."}}).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false); // no stack: a refusal is not a fault
        this.status = status;
        this.code = code;
    }

    /** A refusal with the generic code of its status ({@code 400} → {@code bad_request}). */
    ApiException(int status, String message) {
        this(status, JsonErrorHandler.code(status), message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}

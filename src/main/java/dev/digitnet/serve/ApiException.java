package dev.digitnet.serve;

/** A request the API refuses: an HTTP status and a message for the {@code {"error": ...}} body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}

package dev.digitnet.data;

/**
 * Bad or missing data, with a one-line message for the user that names the file, says what is
 * wrong and how to recover.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}

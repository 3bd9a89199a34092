package dev.digitnet.data.ood;

import dev.digitnet.data.DataException;

/**
 * Fashion-MNIST could not be obtained (no {@code apt-get}, offline, or a copy that failed its
 * checks). A type of its own so that a caller can report the other sets and say this one is
 * unavailable, while other {@link DataException}s (an unwritable cache) stay errors.
 */
public final class FashionUnavailableException extends DataException {

    private static final long serialVersionUID = 1L;

    public FashionUnavailableException(String message) {
        super(message);
    }

    public FashionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.digitnet.cli;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.MnistStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where MNIST is cached, shared by every command that needs the data. */
final class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "MNIST cache folder (default: $DIGITNET_DATA_DIR or ~/.cache/digitnet/mnist)")
    Path dataDir;

    MnistStore store() {
        return new MnistStore(directory(), System.err::println);
    }

    Path directory() {
        return dataDir != null ? dataDir : MnistStore.defaultDirectory();
    }

    /** Fetches if needed, verifies and parses MNIST. */
    MnistData load() {
        return store().load();
    }

    static DigitImages testImages(MnistData data) {
        return DigitImages.of(data.test());
    }
}

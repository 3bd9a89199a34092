package dev.digitnet.data;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A dataset in the IDX format: its name, the side of its square images, its class names by label,
 * and its four files. {@link #MNIST} is here; Fashion-MNIST's descriptor is {@code
 * ood.FashionMnist.DATASET}, beside the code that fetches it.
 */
public record IdxDataset(String name, int side, List<String> classes, IdxFile trainImages, IdxFile trainLabels,
        IdxFile testImages, IdxFile testLabels) {

    /** The handwritten digits: the SHA-256s and sizes of the files every mirror serves. */
    public static final IdxDataset MNIST = new IdxDataset("MNIST", 28,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new IdxFile("train-images-idx3-ubyte", 60_000, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    16 + 60_000L * 28 * 28, 9_912_422),
            new IdxFile("train-labels-idx1-ubyte", 60_000, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    8 + 60_000L, 28_881),
            new IdxFile("t10k-images-idx3-ubyte", 10_000, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    16 + 10_000L * 28 * 28, 1_648_877),
            new IdxFile("t10k-labels-idx1-ubyte", 10_000, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
                    8 + 10_000L, 4_542));

    public IdxDataset {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || side <= 0) {
            throw new IllegalArgumentException("a dataset needs a name and a positive image side, got '" + name + "' and "
                    + side);
        }
        classes = List.copyOf(classes);
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
    }

    /** The four files in their canonical order: train images, train labels, test images, test labels. */
    public List<IdxFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /**
     * A new, modifiable set of {@code some} of this dataset's files, iterating in {@link #files()}
     * order, so logs, messages and records list them the same way every time.
     *
     * @throws IllegalArgumentException when one is not a file of this dataset
     */
    public Set<IdxFile> inFileOrder(Collection<IdxFile> some) {
        for (IdxFile file : some) {
            if (!files().contains(file)) {
                throw new IllegalArgumentException(file.fileName() + " is not a file of " + name);
            }
        }
        Set<IdxFile> ordered = new LinkedHashSet<>(files());
        ordered.retainAll(some);
        return ordered;
    }
}

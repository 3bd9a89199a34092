package dev.digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.ood.FashionMnist;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IdxDatasetTest {

    private static final String SHA = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db";

    /** Each file is the IDX header (16 bytes for images, 8 for labels) plus a byte per pixel or label. */
    private static void assertCanonicalFiles(IdxDataset dataset) {
        List<IdxFile> files = dataset.files();
        assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"), files.stream().map(IdxFile::fileName).toList(), dataset.name());
        assertEquals(List.of(60_000, 60_000, 10_000, 10_000), files.stream().map(IdxFile::count).toList(), dataset.name());
        long pixels = (long) dataset.side() * dataset.side();
        assertEquals(List.of(16 + 60_000 * pixels, 8 + 60_000L, 16 + 10_000 * pixels, 8 + 10_000L),
                files.stream().map(IdxFile::bytes).toList(), dataset.name());
        assertEquals(10, dataset.classes().size(), dataset.name());
    }

    @Test
    void mnistListsItsFourFilesInOrderWithTheirSizesAndDownloadCaps() {
        IdxDataset mnist = IdxDataset.MNIST;
        assertEquals(28, mnist.side());
        assertCanonicalFiles(mnist);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), mnist.classes());
        assertEquals(SHA, mnist.trainImages().sha256());
        assertEquals(4_542 + 4_542 / 8, mnist.testLabels().maxDownloadBytes(), "the .gz size plus an eighth");
    }

    @Test
    void fashionMnistListsItsFourFilesInOrderAndHasNoDownloadCap() {
        IdxDataset fashion = FashionMnist.DATASET;
        assertEquals(28, fashion.side());
        assertCanonicalFiles(fashion);
        assertEquals("T-shirt/top", fashion.classes().get(0));
        assertEquals("Ankle boot", fashion.classes().get(9));
        assertEquals(fashion.classes(), FashionMnist.CLASSES);
        assertTrue(fashion.files().stream().allMatch(f -> f.gzipBytes().isEmpty()), "not downloaded as .gz files");
        assertThrows(IllegalStateException.class, () -> fashion.testLabels().maxDownloadBytes());
    }

    @Test
    void filesAreOrderedCanonicallyAndForeignOnesRefused() {
        IdxDataset mnist = IdxDataset.MNIST;
        assertEquals(List.of(mnist.trainLabels(), mnist.testImages()),
                List.copyOf(mnist.inFileOrder(List.of(mnist.testImages(), mnist.trainLabels()))));
        assertThrows(IllegalArgumentException.class,
                () -> mnist.inFileOrder(List.of(FashionMnist.DATASET.testLabels())));
    }

    @Test
    void anIdxFileRefusesABadChecksumNameOrSize() {
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 1, SHA.toUpperCase(), 9));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 1, SHA.substring(1), 9));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 1, SHA.replace('b', 'g'), 9));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile(" ", 1, SHA, 9));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 0, SHA, 9));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 1, SHA, 0));
        assertThrows(IllegalArgumentException.class, () -> new IdxFile("f", 1, SHA, 9, 0));
        assertEquals(OptionalLong.of(5), new IdxFile("f", 1, SHA, 9, 5).gzipBytes());
    }
}

package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.DigitPreprocessor;
import dev.digitnet.data.IdxDataset;
import dev.digitnet.data.MnistSplit;
import org.junit.jupiter.api.Test;

/**
 * Input size and class count have one source each on either side of the model: the dataset
 * descriptor (28×28, ten classes) and the model config (32×32 input, ten logits). The data side's
 * model size ({@link DigitPreprocessor#MODEL_SIZE}, which {@code data} declares because it cannot
 * see the model's config) must be what every model takes.
 */
class InputShapeTest {

    @Test
    void theDataPreparesWhatEveryBundledModelTakesAndAnswers() {
        assertEquals(DigitNetConfig.modelCard().inputSize(), DigitPreprocessor.MODEL_SIZE);
        assertEquals(DigitNetConfig.modelCard().classes(), IdxDataset.MNIST.classes().size());
        for (String name : DigitNetModel.bundledNames()) {
            try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
                assertEquals(DigitPreprocessor.MODEL_SIZE, model.config().inputSize(), name);
                assertEquals(IdxDataset.MNIST.classes().size(), model.config().classes(), name);
            }
        }
        MnistSplit one = new MnistSplit(new byte[MnistSplit.SIDE * MnistSplit.SIDE], new byte[1], 1);
        assertEquals(IdxDataset.MNIST.side(), MnistSplit.SIDE);
        assertEquals(IdxDataset.MNIST.side(), DigitPreprocessor.MNIST_SIZE);
        assertEquals(DigitNetConfig.modelCard().inputSize(), DigitImages.of(one).side());
    }
}

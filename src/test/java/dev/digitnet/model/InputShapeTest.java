package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.IdxDataset;
import dev.digitnet.data.Images;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.input.ModelInput;
import org.junit.jupiter.api.Test;

/**
 * Input size and class count have one source each on either side of the model: the dataset
 * descriptor (28×28, ten classes) and the model config (32×32 input, ten logits). The data side's
 * model size ({@link Images#MODEL_SIZE}, which {@code data} declares because it cannot see the
 * model's config, and {@link ModelInput}, the input path's, which reads it) must be what every model
 * takes.
 */
class InputShapeTest {

    @Test
    void theDataPreparesWhatEveryBundledModelTakesAndAnswers() {
        assertEquals(DigitNetConfig.modelCard().inputSize(), Images.MODEL_SIZE);
        assertEquals(Images.MODEL_SIZE, ModelInput.MODEL_SIZE);
        assertEquals(DigitNetConfig.modelCard().classes(), IdxDataset.MNIST.classes().size());
        for (String name : DigitNetModel.bundledNames()) {
            try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
                assertEquals(Images.MODEL_SIZE, model.config().inputSize(), name);
                assertEquals(IdxDataset.MNIST.classes().size(), model.config().classes(), name);
            }
        }
        MnistSplit one = new MnistSplit(new byte[MnistSplit.SIDE * MnistSplit.SIDE], new byte[1], 1);
        assertEquals(IdxDataset.MNIST.side(), MnistSplit.SIDE);
        assertEquals(IdxDataset.MNIST.side(), ModelInput.MNIST_SIZE);
        assertEquals(DigitNetConfig.modelCard().inputSize(), DigitImages.of(one).side());
        assertEquals(ModelInput.MODEL_SIZE * ModelInput.MODEL_SIZE, ModelInput.blank().image32().length);
    }
}

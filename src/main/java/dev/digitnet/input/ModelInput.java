package dev.digitnet.input;

import dev.digitnet.data.IdxDataset;
import dev.digitnet.data.Images;

/**
 * What the model is given for one picture: the 28×28 image MNIST would have made of it and the
 * model's 32×32 input.
 *
 * @param image28 28×28, row-major, ink bright on dark in [0, 1] (what MNIST looks like)
 * @param image32 the model's 32×32 input, the 28×28 image resized like the training data
 * @param empty whether no ink was found (both images are then all zero)
 * @param photo whether the picture was read as a photo of paper (cleaned by {@link PaperCleaner}
 *     first): the digit check then uses the threshold fitted on photographed digits
 */
public record ModelInput(float[] image28, float[] image32, boolean empty, boolean photo) {

    /** An input that was not read as a photo: a clean picture, a grid, or blank. */
    public ModelInput(float[] image28, float[] image32, boolean empty) {
        this(image28, image32, empty, false);
    }

    /** Side of an MNIST image: the dataset descriptor's. */
    public static final int MNIST_SIZE = IdxDataset.MNIST.side();
    /** Side of the model's input: the one {@code data} prepares the training images at. */
    public static final int MODEL_SIZE = Images.MODEL_SIZE;

    /** A blank input: no digit to classify. */
    public static ModelInput blank() {
        return new ModelInput(new float[MNIST_SIZE * MNIST_SIZE], new float[MODEL_SIZE * MODEL_SIZE], true);
    }

    /** The input for a 28×28 MNIST-style image (not all zero). */
    static ModelInput of28(float[] image28) {
        return new ModelInput(image28, to32(image28), false);
    }

    /** The same input, read as a photo of paper. */
    ModelInput asPhoto() {
        return new ModelInput(image28, image32, empty, true);
    }

    /** The model's 32×32 input for a 28×28 MNIST image, resized exactly like the training data. */
    public static float[] to32(float[] image28) {
        float[] out = new float[MODEL_SIZE * MODEL_SIZE];
        Images.resizeBilinear(image28, MNIST_SIZE, MNIST_SIZE, out, MODEL_SIZE, MODEL_SIZE);
        return out;
    }
}

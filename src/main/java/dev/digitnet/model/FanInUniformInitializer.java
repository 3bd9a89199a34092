package dev.digitnet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's default for convolution and linear weights ({@code kaiming_uniform_(a=√5)}): uniform in
 * ±1/√fan_in, where fan_in is everything but the output axis (in/groups × kh × kw for a
 * convolution, in for a linear layer).
 */
public final class FanInUniformInitializer implements Initializer {

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = shape.size() / shape.get(0);
        float bound = (float) (1 / Math.sqrt(fanIn));
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}

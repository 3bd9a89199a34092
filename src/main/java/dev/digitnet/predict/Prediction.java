package dev.digitnet.predict;

/** One ranked answer of the classifier: a digit and the probability the model gives it. */
public record Prediction(int digit, float probability) {}

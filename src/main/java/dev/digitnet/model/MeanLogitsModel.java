package dev.digitnet.model;

import java.util.List;

/**
 * Several networks of one input size and one set of classes read as one: each image's logits are
 * the mean of the members' logits. For a gate, {@code logit[1] − logit[0]} of the mean is the mean
 * of the members' scores, so thresholds and budgets apply to an ensemble as to one network.
 *
 * <p>Why average logits, not probabilities: the not-a-digit check thresholds a logit difference,
 * and the mean of logits is what one network with the members side by side (grouped
 * convolutions, the last layer reading every member's features) computes, so an ensemble chosen
 * with this class can be exported as a single graph with the same numbers.
 */
public final class MeanLogitsModel implements ProbabilityModel {

    private final List<ProbabilityModel> members;

    /**
     * @param members at least one; closed with this model
     * @throws IllegalArgumentException when empty or when the members read different input sizes
     */
    public MeanLogitsModel(List<ProbabilityModel> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        int size = members.get(0).inputSize();
        for (ProbabilityModel m : members) {
            if (m.inputSize() != size) {
                throw new IllegalArgumentException("ensemble members read " + size + "- and " + m.inputSize()
                        + "-pixel inputs: they cannot be averaged");
            }
        }
        this.members = List.copyOf(members);
    }

    @Override
    public int inputSize() {
        return members.get(0).inputSize();
    }

    /** @throws IllegalStateException when members give different numbers of classes */
    @Override
    public float[][] logits(float[][] inputs) {
        float[][] sum = null;
        for (ProbabilityModel m : members) {
            float[][] logits = m.logits(inputs);
            if (sum == null) {
                sum = new float[logits.length][];
                for (int i = 0; i < logits.length; i++) {
                    sum[i] = logits[i].clone();
                }
                continue;
            }
            for (int i = 0; i < logits.length; i++) {
                if (logits[i].length != sum[i].length) {
                    throw new IllegalStateException("ensemble members give " + sum[i].length + " and " + logits[i].length
                            + " classes: they cannot be averaged");
                }
                for (int k = 0; k < logits[i].length; k++) {
                    sum[i][k] += logits[i][k];
                }
            }
        }
        float n = members.size();
        for (float[] row : sum) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= n;
            }
        }
        return sum;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (ProbabilityModel m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

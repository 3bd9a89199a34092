package dev.digitnet.model;

import java.util.List;

/**
 * Several networks read as one by averaging their logits, model by model: the reference an {@link
 * EnsembleConfig} network (the same mean, computed as one grouped network) is checked against.
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

package dev.digitnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.Layer;
import dev.digitnet.model.ModelFamily;
import java.util.List;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every member of the family, the teacher included, counted three ways from its one layer list:
 * the summary, the engine block built from it, and the ONNX graph the exporter writes from it.
 */
class FamilyExportTest {

    static List<String> members() {
        return List.of("teacher", "xs", "sm", "md", "lg", "8/16/32:1-2-1", "conv:8/16/32/64:3-3-3-1");
    }

    @ParameterizedTest
    @MethodSource("members")
    void theGraphHoldsExactlyTheParametersTheLayerListCounts(String spec) {
        Architecture config = ModelFamily.config(spec);
        try (DigitNetModel model = DigitNetModel.create(config, 0)) {
            long counted = config.summary().parameters();
            assertEquals(counted, model.parameterCount(), spec);
            onnx.Onnx.ModelProto proto = OnnxExporter.export(model);
            // The network's initializers: float tensors of rank 1 or more (the scalars and the int64
            // axes are constants the operators share).
            long initializers = proto.getGraph().getInitializerList().stream()
                    .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() > 0)
                    .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
            // What the export folds away: a BatchNorm's γ and β leave one bias per channel in the
            // convolution before it; GRN's β goes into the projection's bias.
            long folded = config.layers().stream().mapToLong(l -> l instanceof Layer.BatchNormalization bn ? bn.channels()
                    : l instanceof Layer.DepthwiseResidual block ? block.hidden() : 0).sum();
            assertTrue(counted > folded, spec);
            assertEquals(counted - folded, initializers, spec);
        }
    }
}

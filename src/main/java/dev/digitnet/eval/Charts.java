package dev.digitnet.eval;

import dev.digitnet.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes XChart charts as PNG files atomically, at exactly the path asked for. */
final class Charts {

    static {
        // Charts are drawn off-screen: never ask for a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static void writePng(List<? extends Chart<?, ?>> charts, int rows, int columns, Path png) throws IOException {
        // BitmapEncoder writes only to a file name (appending ".png" when it lacks one); the
        // temporary ends in ".png", so it writes exactly there.
        AtomicFiles.writeFile(png, AtomicFiles.Policy.OWNED, tmp -> {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmapWithDPI(charts.get(0), tmp.toString(), BitmapEncoder.BitmapFormat.PNG, 144);
            } else {
                BitmapEncoder.saveBitmap(List.copyOf(charts), rows, columns, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}

package dev.digitnet.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // BitmapEncoder appends ".png" itself, so hand it the name without one.
        Path tmp = Files.createTempFile(dir, ".chart", ".png");
        String base = tmp.toString().substring(0, tmp.toString().length() - 4);
        try {
            if (charts.size() == 1) {
                BitmapEncoder.saveBitmapWithDPI(charts.get(0), base, BitmapEncoder.BitmapFormat.PNG, 144);
            } else {
                BitmapEncoder.saveBitmap(List.copyOf(charts), rows, columns, base, BitmapEncoder.BitmapFormat.PNG);
            }
            Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

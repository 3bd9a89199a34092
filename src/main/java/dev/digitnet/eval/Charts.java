package dev.digitnet.eval;

import dev.digitnet.io.AtomicFiles;
import dev.digitnet.data.Fonts;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * Writes XChart charts as PNG files atomically, at exactly the path asked for, with their text in
 * the shipped caption font ({@link Fonts#caption}) and their numbers in {@link Locale#ROOT}: XChart
 * would otherwise take the machine's fonts and default locale, and the same chart would come out
 * different on another machine ("0,5" on a German one).
 */
final class Charts {

    static {
        // Charts are drawn off-screen: never ask for a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static void writePng(List<? extends Chart<?, ?>> charts, int rows, int columns, Path png) throws IOException {
        charts.forEach(chart -> pin(chart.getStyler()));
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

    /** Every font the styler draws with, replaced by the caption font at the same size and style; numbers in {@link Locale#ROOT}. */
    static void pin(Styler styler) {
        styler.setChartTitleFont(shipped(styler.getChartTitleFont()));
        styler.setLegendFont(shipped(styler.getLegendFont()));
        styler.setAnnotationTextFont(shipped(styler.getAnnotationTextFont()));
        styler.setAnnotationTextPanelFont(shipped(styler.getAnnotationTextPanelFont()));
        styler.setToolTipFont(shipped(styler.getToolTipFont()));
        styler.setChartButtonFont(shipped(styler.getChartButtonFont()));
        styler.setBaseFont(shipped(styler.getBaseFont()));
        if (styler instanceof AxesChartStyler axes) {
            axes.setAxisTitleFont(shipped(axes.getAxisTitleFont()));
            axes.setAxisTickLabelsFont(shipped(axes.getAxisTickLabelsFont()));
            axes.setLocale(Locale.ROOT);
        }
        if (styler instanceof HeatMapStyler heatMap) {
            heatMap.setValueFont(shipped(heatMap.getValueFont()));
        }
        if (styler instanceof XYStyler xy) {
            xy.setCursorFont(shipped(xy.getCursorFont()));
        }
    }

    private static Font shipped(Font font) {
        return font == null ? null : Fonts.caption(font.getStyle(), font.getSize2D());
    }
}

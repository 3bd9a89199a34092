package dev.digitnet;

import java.util.Locale;
import java.util.concurrent.Callable;

/** Runs code under another default locale and puts the JVM's back afterwards (every category). */
public final class DefaultLocale {

    private DefaultLocale() {}

    public static <T> T under(Locale locale, Callable<T> work) throws Exception {
        Locale all = Locale.getDefault();
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        Locale.setDefault(locale);
        try {
            return work.call();
        } finally {
            Locale.setDefault(all);
            Locale.setDefault(Locale.Category.FORMAT, format);
            Locale.setDefault(Locale.Category.DISPLAY, display);
        }
    }
}

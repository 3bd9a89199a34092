/**
 * Files: the one atomic write ({@link dev.digitnet.io.AtomicFiles}) and the one hash ({@link
 * dev.digitnet.io.Sha256}) of the project. The bottom layer: it depends on nothing of DigitNet's,
 * so data, model, train and eval all use it without cycles.
 */
package dev.digitnet.io;

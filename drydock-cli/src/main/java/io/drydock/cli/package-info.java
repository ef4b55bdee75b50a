/**
 * The {@code drydock} command (picocli). Commands parse their flags and targets before any I/O,
 * print results on stdout and exactly one line per error on stderr ({@link
 * io.drydock.cli.ErrorHandler}), and exit 0, 1 (error) or 2 (usage). Only {@link
 * io.drydock.cli.Main} exits the JVM and only this package writes to the console (ArchUnit rules).
 */
package io.drydock.cli;

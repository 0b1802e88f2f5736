/**
 * The facade: {@link dev.abkit.AbKit} assigns units ({@link dev.abkit.Unit}) to variants ({@link
 * dev.abkit.Assignment}, with its {@link dev.abkit.Reason}) and records exposures and events.
 * Nothing in this package returns or accepts {@code null} unless it says {@code @Nullable}.
 */
@NullMarked
package dev.abkit;

import org.jspecify.annotations.NullMarked;

/** The file store: exposures and events as JSON lines in daily files (abkit's embedded default). */
@NullMarked
package dev.abkit.store.file;

import org.jspecify.annotations.NullMarked;

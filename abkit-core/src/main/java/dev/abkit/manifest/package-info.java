/** The experiment manifest: its immutable model, the parser with its problems, and its sources. */
@NullMarked
package dev.abkit.manifest;

import org.jspecify.annotations.NullMarked;

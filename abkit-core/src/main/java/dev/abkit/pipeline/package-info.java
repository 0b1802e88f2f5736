/** The recording pipeline's settings and counters, and its optional Micrometer binding. */
@NullMarked
package dev.abkit.pipeline;

import org.jspecify.annotations.NullMarked;

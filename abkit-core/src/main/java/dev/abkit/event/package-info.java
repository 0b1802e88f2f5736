/** What the pipeline records: exposures and events, both observations of a unit. */
@NullMarked
package dev.abkit.event;

import org.jspecify.annotations.NullMarked;

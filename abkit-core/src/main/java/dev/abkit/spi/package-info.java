/**
 * The store SPI: what an event store, an assignment store, a manifest source or a store provider
 * implements, and the data an event store reads back. Depends on no analysis and no internal type.
 */
@NullMarked
package dev.abkit.spi;

import org.jspecify.annotations.NullMarked;

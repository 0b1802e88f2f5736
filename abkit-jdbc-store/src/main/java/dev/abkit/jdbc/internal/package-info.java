/**
 * Implementation of the JDBC store, one class per responsibility: the SQL text per dialect ({@code
 * Sql}), the tables ({@code Schema}), batched writes ({@code Writer}), sticky assignments ({@code
 * StickyAssignments}), aggregate reads ({@code StatsReader}), and what a failure's SQLState means
 * ({@code SqlStates}). Not API.
 */
package dev.abkit.jdbc.internal;
